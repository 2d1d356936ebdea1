using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Keys;

/// <summary>Authenticates <c>Authorization: Bearer KEY</c> (or a Segment write key as the Basic user name) against the key grains; answers 401/403 as problems.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyValidator validator,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string ExpiredItem = "eg.key-expired";
    private const string BodyKeyItem = "eg.body-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request) ?? await ReadBodyKeyAsync();
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var check = await validator.CheckAsync(presented);
        if (check.Accepted)
        {
            return Success(check.KeyId!, check.Scopes);
        }

        if (check.Expired)
        {
            Context.Items[ExpiredItem] = true;
        }

        return AuthenticateResult.Fail(check.Refusal!);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // A body that could not be read (too large, not JSON, broken gzip) could not show its writeKey either:
        // what was wrong with it is the answer that helps, not "send a key".
        if (Context.Features.Get<Problems.JsonBodyRead>()?.Problem is { } unreadable)
        {
            return unreadable.ExecuteAsync(Context);
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer, Basic";
        var presented = ReadKey(Request) is not null || Context.Items.ContainsKey(BodyKeyItem);
        return WriteProblemAsync(
            "Unauthorized",
            Context.Items.ContainsKey(ExpiredItem) ? "The key has expired; an admin can create a new one."
            : presented ? "The key is unknown or revoked." : "Send a key as 'Authorization: Bearer KEY' (or, on the Segment-compatible routes, as the Basic user name or the body's writeKey).");
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

    // analytics.js puts its write key in the body (as "writeKey"), which spares a browser nothing but is what it
    // sends; the body is read here once, the route gets the same document, and the key is then checked exactly
    // as one from a header. Only routes that say so, only without an Authorization header, only for a POST.
    private async Task<string?> ReadBodyKeyAsync()
    {
        if (!HttpMethods.IsPost(Request.Method) || Request.Headers.Authorization.Count > 0
            || Context.GetEndpoint()?.Metadata.GetMetadata<KeyInBodyMetadata>() is not { } body)
        {
            return null;
        }

        var document = await Problems.JsonBodyReader.PeekAsync(Request, body.MaxBytes, body.AcceptsTextAndForm);
        if (document?.RootElement is { ValueKind: System.Text.Json.JsonValueKind.Object } root
            && root.TryGetProperty("writeKey", out var key)
            && key.ValueKind == System.Text.Json.JsonValueKind.String
            && key.GetString() is { Length: > 0 } writeKey)
        {
            Context.Items[BodyKeyItem] = true;
            return writeKey;
        }

        return null;
    }

    // Segment's clients send their write key as the Basic user name with an empty password.
    private static string? ReadKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        const string basic = "Basic ";
        if (header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && header.Length > bearer.Length)
        {
            return header[bearer.Length..].Trim();
        }

        if (!header.StartsWith(basic, StringComparison.OrdinalIgnoreCase) || header.Length <= basic.Length)
        {
            return null;
        }

        Span<byte> decoded = stackalloc byte[512];
        if (!Convert.TryFromBase64String(header[basic.Length..].Trim(), decoded, out var written))
        {
            return null;
        }

        var credentials = System.Text.Encoding.UTF8.GetString(decoded[..written]);
        var user = credentials.Split(':', 2)[0];
        return user.Length > 0 ? user : null;
    }

    private static AuthenticateResult Success(string keyId, IEnumerable<string> scopes)
    {
        var claims = scopes.Select(s => new Claim(Scopes.ClaimType, s)).Append(new Claim(ClaimTypes.NameIdentifier, keyId));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
