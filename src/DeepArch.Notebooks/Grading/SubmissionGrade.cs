using System.Text.Json.Nodes;

namespace DeepArch.Notebooks.Grading;

/// <summary>The result of one test of one submission.</summary>
/// <param name="Id">The test id.</param>
/// <param name="Points">Points given: all or nothing.</param>
/// <param name="MaxPoints">Points the test is worth.</param>
/// <param name="Passed">Whether its cell ran without error (and nothing disqualified it).</param>
/// <param name="Message">Why, in French, for the student.</param>
public sealed record TestResult(string Id, double Points, double MaxPoints, bool Passed, string Message);

/// <summary>The grade of one submission.</summary>
/// <param name="Submission">The submission's name (its path relative to the others').</param>
/// <param name="Tests">Every test of the assignment, in order.</param>
/// <param name="Tampered">Locked cells the submission changed or deleted (restored from the source for grading).</param>
/// <param name="Errors">What else went wrong: missing answers, cells that crashed, timed out or flooded, kernel restarts.</param>
/// <param name="Feedback">The feedback notebook written, if any.</param>
public sealed record SubmissionGrade(string Submission, IReadOnlyList<TestResult> Tests, IReadOnlyList<string> Tampered,
    IReadOnlyList<string> Errors, string? Feedback)
{
    /// <summary>The grader could not run the submission at all (its kernel did not start): not the student's doing.</summary>
    public bool GraderFailed { get; init; }

    /// <summary>Points obtained.</summary>
    public double Score => Tests.Sum(t => t.Points);

    /// <summary>Points available.</summary>
    public double MaxScore => Tests.Sum(t => t.MaxPoints);

    /// <summary>
    /// <c>{"submission","score","max_score","tests":[{"id","points","max_points","passed","message"}],"tampered":[…],"errors":[…],"feedback"}</c>.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["submission"] = Submission,
        ["score"] = Score,
        ["max_score"] = MaxScore,
        ["tests"] = new JsonArray(Tests.Select(t => (JsonNode)new JsonObject
        {
            ["id"] = t.Id,
            ["points"] = t.Points,
            ["max_points"] = t.MaxPoints,
            ["passed"] = t.Passed,
            ["message"] = t.Message,
        }).ToArray()),
        ["tampered"] = new JsonArray(Tampered.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
        ["errors"] = new JsonArray(Errors.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
        ["feedback"] = Feedback,
    };
}
