# Build first: ./mvnw -DskipTests package ; then from the repository root:
#   docker build -f docker/ledger-bridge.Dockerfile -t careledger/ledger-bridge:0.1.0 .
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY ledger-bridge/target/quarkus-app/ /app/
EXPOSE 8081
USER 1001
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
