using System.Text;
using System.Text.Json.Nodes;

namespace DeepArch.Notebooks.Grading;

/// <summary>
/// The result of one submission in the form GitHub Classroom's autograding reporter reads from a runner step's
/// <c>result</c> output: base64 of <c>{"version":1,"status","max_score","tests":[{"name","status","score","message"}]}</c>,
/// which gives partial credit test by test.
/// </summary>
public static class ClassroomReport
{
    /// <summary>The JSON object, before encoding.</summary>
    public static JsonObject ToJson(SubmissionGrade grade) => new()
    {
        ["version"] = 1,
        ["status"] = grade.Tests.All(t => t.Passed) ? "pass" : "fail",
        ["max_score"] = grade.MaxScore,
        ["tests"] = new JsonArray(grade.Tests.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Id,
            ["status"] = t.Passed ? "pass" : "fail",
            ["score"] = t.Points,
            ["message"] = t.Message,
            ["test_code"] = "",
            ["filename"] = "",
            ["line_no"] = 0,
            ["execution_time"] = "",
        }).ToArray()),
    };

    /// <summary>The base64 text to put in the step's <c>result</c> output.</summary>
    public static string Encode(SubmissionGrade grade) => Convert.ToBase64String(Encoding.UTF8.GetBytes(ToJson(grade).ToJsonString()));
}
