"""Misspellings customers write for the words the high situations are
built from ("somone loged in my acount", "pls refound me", "unathorized
payment"): each pattern word also matches these spellings. In the index
(``classifier_index``) a misspelling leads to the same trie node as its
word, so reading a ticket costs nothing more. Only exact word forms are
listed (inflected forms have their own entries).

Only misspellings that are not themselves ordinary words with another
meaning are listed ("layer" is not "lawyer", "chanced" is not "changed").
"""

from __future__ import annotations

__all__ = ["MISSPELLINGS"]

MISSPELLINGS: dict[str, tuple[str, ...]] = {
    "account": ("acount", "accout", "acoount", "accaunt", "akkount", "acounts"),
    "password": ("pasword", "passwrd", "passowrd", "passward", "passwort", "paswort"),
    "someone": ("somone", "someon", "some1", "somoene"),
    "somebody": ("sombody", "somebdy", "somebady"),
    "logged": ("loged", "logedin"),
    "changed": ("chaged", "chnaged", "changd", "chenged"),
    "unauthorised": ("unathorised", "unautorised", "unauthorsied"),
    "unauthorized": ("unathorized", "unautorized", "unauthorzed", "unauthorizd"),
    "refund": ("refound", "refunt", "refnd", "rufund"),
    "refunded": ("refounded", "refundet"),
    "hack": ("hak",),
    "received": ("recieved", "recived", "receved"),
    "receive": ("recieve", "recive"),
    "stolen": ("stollen", "stoled", "stolled"),
    "hacked": ("hackd", "haked", "hacket", "hackt"),
    "money": ("mony", "monney", "moeny"),
    "charged": ("chargd", "charget", "chraged"),
    "payment": ("paiment", "payement", "paymant"),
    "delete": ("delet", "delite", "deleat"),
    "deleted": ("deleated", "deletted", "delated"),
    "information": ("infomation", "informaton", "imformation"),
    "personal": ("personnal", "persnal"),
    "cancelled": ("cancled", "canselled", "cancelld", "canceld"),
    "twice": ("twise", "twcie"),
    "lawyer": ("lawer", "lawyar", "lawyeer"),
    "fraud": ("frawd", "fraude"),
    "disappeared": ("dissapeared", "disapeared", "dissappeared"),
    "permission": ("permision", "permisson"),
    "stranger": ("strager",),
    "transaction": ("transection", "transacion", "trasaction"),
    "withdrawal": ("withdrawl", "widthdrawal"),
}
