using System.Text.Json.Nodes;
using EngagementGrains.ModelTests.Operations;
using EngagementGrains.ModelTests.Reference;

namespace EngagementGrains.ModelTests.Running;

/// <summary>
/// Runs one history against a fresh engine and the reference side by side. After every step everything a
/// user can read must agree (at once after an acknowledged request; within a deadline when only time or a
/// crash moved things, since wake-ups are polled); every few steps and at the end the change feeds are read.
/// </summary>
public sealed class ModelRun(Func<ModelClock, Task<IModelEngine>> startEngine, int people = 6)
{
    /// <summary>The instant every history starts at.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private const int FeedEvery = 20;
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_request = TimeSpan.FromSeconds(60);

    public RunFigures Figures { get; } = new();

    public async Task<StepFailure?> RunAsync(IReadOnlyList<Operation> operations, int seed)
    {
        var directory = Directory.CreateTempSubdirectory("eg-model-");
        try
        {
            var clock = new ModelClock(Path.Combine(directory.FullName, "clock"));
            var model = new ReferenceModel(Start);
            clock.Set(model.Now);
            var random = new Random(seed);
            await using var engine = await startEngine(clock);
            for (var step = 0; step < operations.Count; step++)
            {
                var operation = operations[step];
                if (!model.Applies(operation))
                {
                    Figures.Skipped++;
                    continue;
                }

                Figures.Steps++;
                string? failure;
                try
                {
                    failure = await StepAsync(engine, clock, model, operation);
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException or TimeoutException or InvalidOperationException or IOException)
                {
                    failure = $"{error.GetType().Name}: {error.Message}";
                }

                if (failure is not null)
                {
                    return new StepFailure(step, $"{Describe(operation)}: {failure}");
                }

                var immediate = operation is SendEvents { CrashDuring: false } or JoinPeople or SplitPerson { CrashDuring: false };
                var (differences, ids) = await AgreeAsync(engine, model, immediate ? TimeSpan.Zero : operation is CrashHost or SendEvents or SplitPerson ? engine.RecoveryDeadline : s_settle);
                if (differences.Count > 0)
                {
                    var when = immediate ? "right after its acknowledgement" : "after waiting";
                    return new StepFailure(step, $"after {Describe(operation)}, {when}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", differences)}");
                }

                if (step % FeedEvery == FeedEvery - 1 || step == operations.Count - 1)
                {
                    var expected = StateCheck.ExpectedMembers(model, ids);
                    foreach (var (segment, members) in expected)
                    {
                        Figures.FeedChecks++;
                        var feed = await FeedCheck.CompareAsync(engine, segment, members, random);
                        if (feed.Count > 0)
                        {
                            return new StepFailure(step, $"after {Describe(operation)}, the change feed:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", feed)}");
                        }
                    }
                }
            }

            return null;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static string Describe(Operation operation) => operation switch
    {
        SendEvents send => $"send {send.Events.Count} events{(send.CrashDuring ? $" with kill -9 after {send.CrashAfterMs} ms" : "")} [{string.Join("; ", send.Events.Select(e => $"p{e.Person} {e.EventId} {e.Type} {e.OffsetMs}ms{(e.Field is null ? "" : $" {e.Field}={e.ValueJson}")}"))}]",
        JoinPeople join => $"join p{join.First} and p{join.Second} ({join.EventId})",
        SplitPerson split => $"split p{split.Person} off their individual{(split.CrashDuring ? $" with kill -9 after {split.CrashAfterMs} ms" : "")}",
        ErasePerson erase => $"erase p{erase.Person}{(erase.Suppress ? "" : " without suppression")}",
        LiftSuppression lift => $"lift the suppression of p{lift.Person}",
        PutDefinition put => $"put {put.Shape.Kind}/{put.Shape.Name} {put.Shape.ToJson()}",
        DeleteDefinition delete => $"delete {delete.Kind}/{delete.Name}",
        AdvanceClock advance => $"advance the clock {TimeSpan.FromMilliseconds(advance.Milliseconds)}",
        CrashHost crash => $"kill -9 (silo {crash.Silo}), clock +{TimeSpan.FromMilliseconds(crash.AdvanceWhileDownMs)} while down, restart",
        _ => operation.ToString(),
    };

    private async Task<(List<string>, Dictionary<int, string>)> AgreeAsync(IModelEngine engine, ReferenceModel model, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var result = await StateCheck.CompareAsync(engine, model, people);
            if (result.Differences.Count == 0 || DateTime.UtcNow >= until)
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private async Task<string?> StepAsync(IModelEngine engine, ModelClock clock, ReferenceModel model, Operation operation)
    {
        switch (operation)
        {
            case SendEvents send:
                return await SendAsync(engine, model, send);
            case JoinPeople join:
            {
                var before = model.GroupOf(join.First) != model.GroupOf(join.Second);
                var json = ReferenceModel.JoinJson(join, model.Now);
                var expected = model.Apply(join);
                var (answer, retries) = await EngineRequests.SendAsync(engine, HttpMethod.Post, "/v1/events", json, s_request);
                Figures.Merges += before ? 1 : 0;
                Figures.EventsAcknowledged += expected.Accepted;
                return Compare(expected, answer, retries == 0);
            }

            case SplitPerson split:
            {
                var (lookup, _) = await EngineRequests.SendAsync(engine, HttpMethod.Get, $"/v1/profiles/lookup?email={Uri.EscapeDataString(ReferenceModel.Email(split.Person))}", null, s_request);
                if (lookup.Status != 200)
                {
                    return $"the lookup before the split answered {lookup.Status}: {lookup.Text}";
                }

                var id = lookup.Body!["individualId"]!.GetValue<string>();
                var expected = model.Apply(split);
                var path = $"/v1/profiles/{id}/split";
                Figures.Splits++;
                if (!split.CrashDuring)
                {
                    var (answer, _) = await EngineRequests.SendAsync(engine, HttpMethod.Post, path, ReferenceModel.SplitJson(split.Person), s_request);
                    return answer.Status == expected.Status ? null : $"expected {expected.Status}, got {answer.Status}: {answer.Text}";
                }

                Figures.Kills++;
                Figures.KillsDuringRequests++;
                var inFlight = EngineRequests.SendAsync(engine, HttpMethod.Post, path, ReferenceModel.SplitJson(split.Person), TimeSpan.Zero);
                // Not a wait for anything: the generated instant of the crash, somewhere in the request's flight.
                await Task.Delay(split.CrashAfterMs);
                await engine.KillAsync(0);
                try
                {
                    await inFlight;
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
                {
                    // Unanswered: the operator does not know whether it was done, so they ask again.
                }

                await engine.RestartAsync(0);
                var (retried, _) = await EngineRequests.SendAsync(engine, HttpMethod.Post, path, ReferenceModel.SplitJson(split.Person), s_request);

                // Done before the kill (or completed by the restart's activation): the contact points are not its own any more.
                return retried.Status == expected.Status || retried.Status == 400
                    ? null
                    : $"expected {expected.Status} (or 400, already split), got {retried.Status}: {retried.Text}";
            }

            case ErasePerson erase:
            {
                var (lookup, _) = await EngineRequests.SendAsync(engine, HttpMethod.Get, $"/v1/profiles/lookup?email={Uri.EscapeDataString(ReferenceModel.Email(erase.Person))}", null, s_request);
                if (lookup.Status != 200)
                {
                    return $"the lookup before erasure answered {lookup.Status}: {lookup.Text}";
                }

                var id = lookup.Body!["individualId"]!.GetValue<string>();
                var expected = model.Apply(erase);
                var (answer, retries) = await EngineRequests.SendAsync(engine, HttpMethod.Delete, $"/v1/profiles/{id}{(erase.Suppress ? "" : "?suppress=false")}", null, s_request);
                Figures.Erasures++;
                return answer.Status == expected.Status || (retries > 0 && answer.Status == 404) ? null : $"expected {expected.Status}, got {answer.Status}: {answer.Text}";
            }

            case LiftSuppression lift:
            {
                var expected = model.Apply(lift);
                var (answer, retries) = await EngineRequests.SendAsync(engine, HttpMethod.Post, "/v1/suppressions/lift", ReferenceModel.LiftJson(lift.Person), s_request);
                Figures.Lifts += expected.Suppressed;
                var lifted = answer.Body?["lifted"]?.GetValue<int>();
                return answer.Status == 200 && (lifted == expected.Suppressed || (retries > 0 && lifted <= expected.Suppressed))
                    ? null
                    : $"expected 200 with {expected.Suppressed} lifted, got {answer.Status}: {answer.Text}";
            }

            case PutDefinition put:
            {
                var expected = model.Apply(put);
                var path = $"/v1/{put.Shape.Kind}/{put.Shape.Name}";
                var (answer, retries) = await EngineRequests.SendAsync(engine, HttpMethod.Put, path, put.Shape.ToJson(), s_request);
                if (answer.Status != expected.Status && !(retries > 0 && answer.Status is 200 or 201 && expected.Status is 200 or 201))
                {
                    return $"expected {expected.Status}, got {answer.Status}: {answer.Text}";
                }

                Figures.DefinitionChanges++;
                return answer.Status is 200 or 201 ? await ReadyAsync(engine, path) : null;
            }

            case DeleteDefinition delete:
            {
                var expected = model.Apply(delete);
                var (answer, retries) = await EngineRequests.SendAsync(engine, HttpMethod.Delete, $"/v1/{delete.Kind}/{delete.Name}", null, s_request);
                Figures.DefinitionChanges += expected.Status == 204 ? 1 : 0;
                return answer.Status == expected.Status || (retries > 0 && answer.Status == 404 && expected.Status == 204) ? null : $"expected {expected.Status}, got {answer.Status}: {answer.Text}";
            }

            case AdvanceClock:
                model.Apply(operation);
                clock.Set(model.Now);
                Figures.ClockMoves++;
                return null;
            case CrashHost crash:
                Figures.Kills++;
                await engine.CrashAsync(crash.Silo, () =>
                {
                    model.Apply(crash);
                    clock.Set(model.Now);
                    return Task.CompletedTask;
                });
                return null;
            default:
                throw new InvalidOperationException($"Unknown operation {operation}");
        }
    }

    private async Task<string?> SendAsync(IModelEngine engine, ReferenceModel model, SendEvents send)
    {
        var json = "[" + string.Join(",", send.Events.Select(e => ReferenceModel.EventJson(e, model.Now))) + "]";
        var expected = model.Apply(send);
        Figures.EventsAcknowledged += expected.Accepted;
        Figures.Duplicates += expected.Duplicates;
        Figures.Suppressed += expected.Suppressed;
        Figures.RefusedRequests += expected.Status == 400 ? 1 : 0;
        if (send.CrashDuring)
        {
            Figures.Kills++;
            Figures.KillsDuringRequests++;
            var inFlight = EngineRequests.SendAsync(engine, HttpMethod.Post, "/v1/events", json, TimeSpan.Zero);
            // Not a wait for anything: the generated instant of the crash, somewhere in the request's flight.
            await Task.Delay(send.CrashAfterMs);
            await engine.KillAsync(0);
            try
            {
                await inFlight;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
            {
                // Unanswered: the client does not know whether it was stored, so it sends it again.
            }

            await engine.RestartAsync(0);
            var (retried, _) = await EngineRequests.SendAsync(engine, HttpMethod.Post, "/v1/events", json, s_request);
            return Compare(expected, retried, exactCounts: false);
        }

        var (answer, retries) = await EngineRequests.SendAsync(engine, HttpMethod.Post, "/v1/events", json, s_request);
        return Compare(expected, answer, exactCounts: retries == 0);
    }

    // After a retry the split between accepted and duplicates depends on what the lost attempt stored.
    private static string? Compare(Outcome expected, Answer answer, bool exactCounts)
    {
        if (answer.Status != expected.Status)
        {
            return $"expected {expected.Status}, got {answer.Status}: {answer.Text}";
        }

        if (expected.Status != 202)
        {
            return answer.Body?["errors"] is null && expected.Status == 400 ? $"a 400 without errors: {answer.Text}" : null;
        }

        var accepted = answer.Body?["accepted"]?.GetValue<int>();
        var duplicates = answer.Body?["duplicates"]?.GetValue<int>();
        var suppressed = answer.Body?["suppressed"]?.GetValue<int>();
        return exactCounts
            ? accepted == expected.Accepted && duplicates == expected.Duplicates && suppressed == expected.Suppressed
                ? null
                : $"expected accepted {expected.Accepted} duplicates {expected.Duplicates} suppressed {expected.Suppressed}, got {answer.Text}"
            : accepted + duplicates == expected.Accepted + expected.Duplicates && suppressed == expected.Suppressed
                ? null
                : $"expected {expected.Accepted + expected.Duplicates} events answered and {expected.Suppressed} suppressed, got {answer.Text}";
    }

    private static async Task<string?> ReadyAsync(IModelEngine engine, string path)
    {
        var until = DateTime.UtcNow + s_request;
        while (DateTime.UtcNow < until)
        {
            var (answer, _) = await EngineRequests.SendAsync(engine, HttpMethod.Get, path, null, s_request);
            if (answer.Status == 200 && answer.Body?["status"]?.GetValue<string>() == "ready")
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        return $"{path} did not become ready";
    }
}
