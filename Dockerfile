# The silo image: docker build -t bidding . (not built in CI here: the machine has no Docker engine).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The build fetches ONNX Runtime's native library from npm (src/Bidding.Onnx/fetch-onnxruntime.sh).
RUN apt-get update && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Bidding.Silo -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Public HTTP (bids, notices, API, health), Orleans' silo-to-silo and gateway ports, the metrics port.
EXPOSE 8080 11111 30000 9464
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
USER app
ENTRYPOINT ["dotnet", "Bidding.Silo.dll"]
