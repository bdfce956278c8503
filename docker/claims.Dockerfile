# Build first: ./mvnw -DskipTests package ; then from the repository root:
#   docker build -f docker/claims.Dockerfile -t careledger/claims:0.1.0 .
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY claims/target/quarkus-app/ /app/
EXPOSE 8082
USER 1001
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
