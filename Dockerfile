# sluice: the Deno pipeline and web app. Used by docker-compose.yml.
FROM denoland/deno:2.9.6
WORKDIR /app
COPY . .
RUN deno install && deno cache pipeline/dsl/cli.ts web/main.ts
ENV NO_COLOR=1
# Default: the Kafka consumer pipeline; override the command per service.
CMD ["deno", "run", "-A", "pipeline/dsl/cli.ts", "run", "topology/rig-alpha-kafka-consumer.yaml"]
