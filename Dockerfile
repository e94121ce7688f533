# syntax=docker/dockerfile:1
# Build stage: compile the release binary.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY config ./config
COPY content ./content
# Cargo.toml names the test and bench targets and the workspace member tests/fake-discord (a
# dev-dependency, not built here); cargo reads their paths and manifest even for `--bin`.
COPY tests ./tests
COPY benches ./benches
RUN cargo build --release --locked --bin stretchbot

# Runtime stage: a small Debian with CA roots, a non-root user and a writable data volume.
FROM debian:bookworm-slim
# Debian's security updates replace exact versions within a release; pinning them breaks rebuilds.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 stretchbot \
    && useradd --system --uid 10001 --gid stretchbot --home-dir /app --shell /usr/sbin/nologin stretchbot \
    && mkdir -p /app /data \
    && chown stretchbot:stretchbot /data
WORKDIR /app
COPY --from=build /src/target/release/stretchbot /usr/local/bin/stretchbot
COPY content ./content
COPY config ./config
# The token comes only from the environment (DISCORD_TOKEN) or a secret file (DISCORD_TOKEN_FILE,
# e.g. /run/secrets/discord_token); it is never baked into the image.
ENV TZ=Etc/UTC \
    RUST_LOG=info \
    DATABASE_URL=sqlite:/data/stretchbot.db \
    STRETCHBOT_CONTENT_DIR=/app/content
VOLUME ["/data"]
USER 10001:10001
CMD ["stretchbot", "run"]
