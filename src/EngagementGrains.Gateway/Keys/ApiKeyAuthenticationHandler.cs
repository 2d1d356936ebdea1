using System.Security.Claims;
using System.Text.Encodings.Web;
using EngagementGrains.Abstractions.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Keys;

/// <summary>Authenticates <c>Authorization: Bearer KEY</c> against the key grains; answers 401/403 as problems.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiKeyOptions> keys,
    IGrainFactory grains,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (keys.Value.AdminKey is { Length: > 0 } admin
            && ApiKeySecret.Matches(presented, ApiKeySecret.Hash(admin)))
        {
            return Success("admin", Scopes.All);
        }

        if (!ApiKeySecret.TryParse(presented, out var id, out var secret))
        {
            return AuthenticateResult.Fail("The key is not an EngagementGrains key.");
        }

        var record = await grains.GetGrain<IApiKeyGrain>(id).GetAsync();
        if (record is null || !ApiKeySecret.Matches(secret, record.SecretHash))
        {
            return AuthenticateResult.Fail("The key is unknown or revoked.");
        }

        return Success(id, record.Scopes);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var presented = ReadKey(Request) is not null;
        return WriteProblemAsync(
            "Unauthorized",
            presented ? "The key is unknown or revoked." : "Send a key as 'Authorization: Bearer KEY'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var needed = Context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()?.Policy;
        return WriteProblemAsync("Forbidden", needed is null
            ? "The key lacks the scope this route needs."
            : $"The key lacks the '{needed}' scope this route needs.");
    }

    private Task WriteProblemAsync(string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = Response.StatusCode, Title = title, Detail = detail },
        }).AsTask();

    private static string? ReadKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && header.Length > bearer.Length
            ? header[bearer.Length..].Trim()
            : null;
    }

    private static AuthenticateResult Success(string keyId, IEnumerable<string> scopes)
    {
        var claims = scopes.Select(s => new Claim(Scopes.ClaimType, s)).Append(new Claim(ClaimTypes.NameIdentifier, keyId));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
