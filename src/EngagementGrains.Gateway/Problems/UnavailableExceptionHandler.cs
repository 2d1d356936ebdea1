using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;

namespace EngagementGrains.Gateway.Problems;

/// <summary>
/// Turns failures of the cluster or its storage into 503 with Retry-After (the request may be retried with
/// the same eventIds, which is safe), a malformed request into its 4xx, and anything else into a 500 problem.
/// </summary>
public sealed partial class UnavailableExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        int status;
        string title;
        if (exception is BadHttpRequestException bad)
        {
            status = bad.StatusCode;
            title = "The request could not be read";
        }
        else if (IsUnavailable(exception))
        {
            status = StatusCodes.Status503ServiceUnavailable;
            title = "Temporarily unavailable";
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            LogUnavailable(logger, exception);
        }
        else
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = status == StatusCodes.Status503ServiceUnavailable
                    ? "Storage or the cluster did not answer; retry with the same eventIds (nothing is counted twice)."
                    : exception.Message,
            },
            Exception = exception,
        });
    }

    private static bool IsUnavailable(Exception exception) => exception switch
    {
        TimeoutException or OrleansException or DbException or ObjectDisposedException or InconsistentStateException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailable),
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A request failed because the cluster or storage is unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
