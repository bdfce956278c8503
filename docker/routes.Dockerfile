# Build first: ./mvnw -DskipTests package ; then from the repository root:
#   docker build -f docker/routes.Dockerfile -t careledger/routes:0.1.0 .
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY routes/target/quarkus-app/ /app/
EXPOSE 2575 8080
USER 1001
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
