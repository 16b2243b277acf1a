# netreach: the widget and console scripts are built in a node stage; the server runs on
# python:3.11-slim as an unprivileged user.
FROM node:20-slim AS widget
WORKDIR /src/widget
COPY widget/package.json widget/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY widget/ ./
RUN node build.mjs

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 NETREACH_VAR_DIR=/var/lib/netreach
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY server/ server/
COPY moderation/ moderation/
COPY templates/ templates/
RUN pip install -c requirements.lock . \
    && useradd --system --home-dir /var/lib/netreach --create-home netreach
COPY --from=widget /src/widget/dist/ widget/dist/
# the app finds templates/ and widget/dist/ next to server/: run from the source tree
ENV PYTHONPATH=/app
USER netreach
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=3).status == 200 else 1)"
CMD ["netreach", "serve", "--host", "0.0.0.0", "--port", "8080"]
