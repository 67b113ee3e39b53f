namespace DeepArch.Notebooks.Grading;

/// <summary>What a cell of an assignment is for, which decides where the grader takes it from.</summary>
public enum CellRole
{
    /// <summary>A cell the student may use freely (scratch); taken from the submission when it is there.</summary>
    Free,

    /// <summary>Instructions, references, parameters, helpers: always taken from the source, changes reported.</summary>
    Locked,

    /// <summary>Holds a solution region: the student's version is graded, matched by cell id.</summary>
    Answer,

    /// <summary>Carries points: locked, and worth its points when it runs without error.</summary>
    Test,
}
