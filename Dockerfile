# Build the one executable, then run it on a slim image with the data directory as a volume.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home /data parley && mkdir -p /data && chown parley /data
COPY --from=build /app/dist/parley /usr/local/bin/parley
USER parley
ENV PARLEY_DATA_DIR=/data PARLEY_PORT=8080 PARLEY_HOST=0.0.0.0
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["parley"]
CMD ["serve"]
