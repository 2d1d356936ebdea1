# The EngagementGrains host: one image for every role (--role all|silo|gateway).
#   docker build -t engagementgrains .
#   docker run -p 5080:5080 engagementgrains --urls http://0.0.0.0:5080            (embedded, one process)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/EngagementGrains.Host -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Embedded mode keeps its database here; mount a volume to keep it.
VOLUME /data
EXPOSE 5080 11111 30000
USER $APP_UID
ENTRYPOINT ["dotnet", "EngagementGrains.Host.dll", "--data-dir", "/data"]
