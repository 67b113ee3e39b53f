System.Console.WriteLine(DeepArch.Runtime.TorchRuntime.ThreadsVariable);
