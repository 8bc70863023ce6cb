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
    "password": ("pasword", "passwrd", "passowrd", "passward", "passwort", "paswort"),
    "someone": ("somone", "someon", "some1", "somoene"),
    "somebody": ("sombody", "somebdy", "somebady"),
    "logged": ("loged", "logedin"),
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
    # Learner and hurried spellings of legal, security and money words.
    "solicitor": ("solicter", "sollicitor", "solisitor", "soliciter"),
    "solicitors": ("solicters", "sollicitors", "solisitors"),
    "attorney": ("attorny", "atorney", "attourney", "atturney"),
    "lawyers": ("lawers", "lawyars"),
    "lawsuit": ("lawsuite", "lawsiut"),
    "suspicious": ("suspicous", "suspecious", "suspisious", "suspitious", "suspicius"),
    "phishing": ("phising", "phishng", "pishing"),
    "unauthorised": ("unathorised", "unautorised", "unauthorsied", "unauthorsed"),
    "unauthorized": ("unathorized", "unautorized", "unauthorzed", "unauthorizd", "unauthrized"),
    "authorised": ("autorised", "athorised"),
    "authorized": ("autorized", "athorized", "authorzed"),
    "authorise": ("autorise",),
    "authorize": ("autorize", "athorize"),
    "login": ("loggin", "lgoin"),
    "access": ("acces", "acess", "axcess"),
    "accessed": ("accesed", "acessed"),
    "changed": ("chaged", "chnaged", "changd", "chenged", "chanched", "changet", "chaned"),
    "transfer": ("tranfer", "transfert", "trasfer"),
    "transferred": ("transfered", "tranfered", "transffered"),
    "deducted": ("deductted", "diducted", "dedected"),
    "compensation": ("compansation", "compensasion", "compensaton"),
    "privacy": ("privasy", "privicy", "privancy"),
    "erase": ("erace", "errase"),
    "account": ("acount", "accout", "acoount", "accaunt", "akkount", "acounts", "acct", "accnt"),
}
