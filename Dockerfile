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
# data (database, broker journal, secrets key) is for the hsm user alone; a new named volume copies this mode
RUN mkdir -p data && chown -R hsm:hsm /app && chmod 700 data
USER hsm
VOLUME /app/data
EXPOSE 8080 61616
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "hsm-gateway.jar"]
