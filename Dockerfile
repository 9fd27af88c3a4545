# attest in a container: Debian bookworm with the attest package installed, run as a
# non-root user. Build the package first (scripts/package.sh writes build/attest_*.deb):
#   docker build -t attest .
#   docker run --rm -v "$PWD:/src" -w /src attest scan -p build --sarif attest.sarif
FROM debian:bookworm
COPY build/attest_*.deb /tmp/
RUN apt-get update \
 && apt-get install -y --no-install-recommends /tmp/attest_*.deb git ca-certificates \
 && rm -rf /var/lib/apt/lists/* /tmp/attest_*.deb \
 && useradd --create-home --uid 10001 attest
USER attest
ENTRYPOINT ["attest"]
CMD ["--help"]
