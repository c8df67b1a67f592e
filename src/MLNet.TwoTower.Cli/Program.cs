using MLNet.TwoTower.Cli;

return CliApp.Run(args);
