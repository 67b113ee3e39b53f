using System.CommandLine;
using DeepArch.Cli;
using DeepArch.Cli.Commands;

var root = new RootCommand("deeparch: run, export and grade the DeepArch course notebooks; train and inspect the course models.")
{
    InfoCommand.Create(),
    BenchCommand.Create(),
    DatasetsCommand.Create(),
    KernelCommand.Create(),
    ZooCommand.Create(),
    RunCommand.Create(),
    TrainCommand.Create(),
    SampleCommand.Create(),
    AssignCommand.Create(),
    GradeCommand.Create(),
};
return CommandRunner.Run(root, args);
