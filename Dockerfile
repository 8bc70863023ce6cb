# ticketd: one image for the daemon and the mock provider.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml setup.cfg README.md ./
COPY src ./src
RUN pip install --no-cache-dir --upgrade pip \
 && pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /var/lib/ticketd --create-home ticketd
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER ticketd
WORKDIR /var/lib/ticketd
ENV TICKETD_HOST=0.0.0.0 \
    TICKETD_PORT=8000 \
    TICKETD_DB=sqlite:////var/lib/ticketd/ticketd.db \
    TICKETD_LOG_FORMAT=json
EXPOSE 8000
# Liveness, not readiness: a provider or database outage makes /health 503
# but must not get the container restarted; /health/live fails only when
# the supervisor gave up or an actor stopped answering.
HEALTHCHECK --interval=15s --timeout=4s --start-period=10s --retries=3 \
  CMD python -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=3).status == 200 else 1)"
ENTRYPOINT ["ticketd"]
CMD ["serve"]
