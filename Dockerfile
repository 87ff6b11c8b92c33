# qaledger as a container image, for CI systems that prefer one to a downloaded binary:
#
#   docker build -t qaledger .
#   docker run --rm -v "$PWD:/records" qaledger check
#
# The binary is the static musl build with the release profile `dist` (the same as the
# x86_64-unknown-linux-musl release archive); the image is Alpine with git, which `diff`,
# `log` and `check --changed-since` run, and nothing else (about 20 MB in all).

FROM rust:1-alpine AS build
# musl-dev: the C runtime mimalloc's C source is compiled against; the result is fully static.
# Alpine drops old package versions from its mirrors, so pinning one would break the build.
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --locked --profile dist --bin qaledger \
 && ./target/dist/qaledger --version

FROM alpine:3.20
# The records folder is mounted from the host, owned by another user: safe.directory lets git
# read it.
# hadolint ignore=DL3018
RUN apk add --no-cache git \
 && git config --system --add safe.directory '*' \
 && adduser -D -H -u 10001 qaledger
COPY --from=build /src/target/dist/qaledger /usr/local/bin/qaledger
USER 10001
WORKDIR /records
ENTRYPOINT ["qaledger"]
CMD ["check"]
