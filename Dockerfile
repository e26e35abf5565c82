# Build stage: compile and package the shaded jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY config config
RUN mvn -B -q -DskipTests package

# Run stage: a JRE, a non-root user, config and routes beside the jar, data in a volume.
FROM eclipse-temurin:17-jre
RUN useradd --system --home /app --shell /usr/sbin/nologin hsm
WORKDIR /app
COPY --from=build /src/target/hsm-gateway.jar hsm-gateway.jar
COPY config config
COPY routes routes
COPY bin bin
# data (database, broker journal, secrets key) is for the hsm user alone; a new named volume copies this mode.
# inbox: where compose mounts the drop folder all nodes share (hsm.inbox.dir)
RUN mkdir -p data inbox && chown -R hsm:hsm /app && chmod 700 data
USER hsm
# The launcher's JVM settings (bin/hsm-gateway) with the heap at 75% of the container's memory limit, as the image's
# -XX:MaxRAMPercentage=75 was; -e HSM_HEAP=256m for a fixed heap. Without a limit that is 75% of the host's memory:
# give the container one (docker run -m 512m, compose's mem_limit).
ENV HSM_JAR=/app/hsm-gateway.jar HSM_HEAP=75%
# The class-data archive (/app/hsm-gateway.jsa) made now, by the launcher's training run (a throw-away gateway on
# loopback and a temp folder, never the volume): every container starts with it, even on a read-only file system
RUN bin/hsm-gateway --help > /dev/null
# the production profile: config/application-prod.properties is read ahead of application.properties (never the
# sandbox: WhatsApp's real Cloud API unless HSM_WHATSAPP_BASE_URL says otherwise). -e CAMEL_MAIN_PROFILE= turns it off
ENV CAMEL_MAIN_PROFILE=prod
# the H2 database, the embedded broker's journal, the drop folders
VOLUME /app/data
# 8080: REST door, admin API, sandbox (hsm.http.port). 9876: health, GET /observe/health (hsm.management.port).
# 61616: the embedded JMS broker (CORE, AMQP, STOMP). It listens on the container's loopback only, so it is
# reachable from outside only when the operator says so, with credentials (a non-loopback acceptor without
# them refuses to start):
#   -e HSM_JMS_EMBEDDED_ACCEPTOR='tcp://0.0.0.0:61616?protocols=CORE,AMQP,STOMP'
#   -e HSM_JMS_USERNAME=ops -e HSM_JMS_PASSWORD=...   -p 61616:61616
EXPOSE 8080 9876 61616
# The image has bash but not necessarily curl or wget: bash's /dev/tcp asks the health endpoint, which
# answers 200 when UP (database, routes, consumers) and 503 when DOWN. Follows -e HSM_MANAGEMENT_PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HSM_MANAGEMENT_PORT:-9876} && printf 'GET /observe/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r _ status _ <&3 && [ \"$status\" = 200 ]"]
# docker stop sends SIGTERM and kills 10 s later: the gateway drains in-flight work for at most
# camel.main.shutdown-timeout (6 s), then stops the rest and exits inside that grace.
STOPSIGNAL SIGTERM
# the launcher execs java: SIGTERM reaches the JVM itself
ENTRYPOINT ["bin/hsm-gateway"]
