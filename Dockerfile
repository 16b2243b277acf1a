# netreach: the widget and console scripts are built in a node stage, the wheel (with the built
# widget and the templates inside the server package) in a python stage; the server runs on
# python:3.11-slim, installed from that wheel with the postgres and redis extras, as an
# unprivileged user.
FROM node:20-slim AS widget
WORKDIR /src/widget
COPY widget/package.json widget/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY widget/ ./
RUN node build.mjs

FROM python:3.11-slim AS wheel
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY server/ server/
COPY moderation/ moderation/
COPY templates/ templates/
COPY widget/__init__.py widget/
COPY --from=widget /src/widget/dist/ widget/dist/
RUN test -s widget/dist/loader.js && pip wheel --no-deps -w /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 NETREACH_VAR_DIR=/var/lib/netreach
COPY requirements.lock /tmp/requirements.lock
COPY --from=wheel /wheels/ /tmp/wheels/
RUN whl="$(echo /tmp/wheels/netreach-*.whl)" \
    && pip install -c /tmp/requirements.lock "${whl}[postgres,redis]" \
    && rm -rf /tmp/wheels /tmp/requirements.lock \
    && useradd --system --home-dir /var/lib/netreach --create-home netreach
# no source tree: templates, catalogs, migrations and the widget are package data of the wheel
WORKDIR /var/lib/netreach
USER netreach
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=3).status == 200 else 1)"
CMD ["netreach", "serve", "--host", "0.0.0.0", "--port", "8080"]
