using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MLNet.TwoTower.PostgreSql.Testing;

/// <summary>
/// A throw-away PostgreSQL server: <c>initdb</c> into a temporary folder, started on a free loopback port with trust
/// authentication, stopped and deleted on <see cref="Dispose"/> (or at process exit). PostgreSQL refuses to run as
/// root, so under root every server command runs as the <c>postgres</c> user (<c>runuser -u postgres --</c>), which
/// owns the folder. When pgvector is not installed (no <c>vector.control</c>), <c>eng/postgres/install-pgvector.sh</c>
/// builds it from <c>shared/vendor</c>. Never skips: anything missing throws, saying what to install.
/// Shared by the tests and the benchmarks (linked into both).
/// </summary>
internal sealed class TemporaryPostgresServer : IDisposable
{
    /// <summary>The server binaries; <c>TWOTOWER_PG_BIN</c> overrides.</summary>
    private const string DefaultBinFolder = "/usr/lib/postgresql/15/bin";

    private const string ServerUser = "postgres";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    private readonly string _folder;
    private readonly string _binFolder;
    private readonly bool _asServerUser;
    private int _disposed;

    private TemporaryPostgresServer(string folder, string binFolder, bool asServerUser, int port)
    {
        _folder = folder;
        _binFolder = binFolder;
        _asServerUser = asServerUser;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Installs pgvector if needed, then creates and starts a server.</summary>
    /// <param name="repositoryRoot">The checkout (for <c>eng/postgres/install-pgvector.sh</c>).</param>
    /// <exception cref="InvalidOperationException">PostgreSQL or pgvector is missing, or the server does not start; the message says why and what to install.</exception>
    public static TemporaryPostgresServer Start(string repositoryRoot)
    {
        string binFolder = Environment.GetEnvironmentVariable("TWOTOWER_PG_BIN") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultBinFolder;
        if (!File.Exists(Path.Combine(binFolder, "initdb")))
            throw new InvalidOperationException(
                $"PostgreSQL server binaries not found in '{binFolder}' (no initdb). Install them (as root: apt-get install -y postgresql-15, " +
                "or run eng/postgres/install-pgvector.sh), or set TWOTOWER_PG_BIN to the folder holding initdb and pg_ctl.");
        EnsurePgvector(repositoryRoot, binFolder);

        bool asServerUser = Environment.UserName == "root";
        var folder = Directory.CreateTempSubdirectory("twotower-pg-").FullName;
        try
        {
            if (asServerUser)
                Run("chown", [$"{ServerUser}:", folder], "give the temporary folder to the postgres user");
            var initdbArguments = new[] { Path.Combine(binFolder, "initdb"), "-D", Path.Combine(folder, "data"), "-U", ServerUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync" };
            RunServerCommand(asServerUser, initdbArguments, "initdb");
        }
        catch
        {
            DeleteFolder(folder);
            throw;
        }

        // Another process may take the free port between the probe and the bind: try a few.
        Exception? last = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var server = new TemporaryPostgresServer(folder, binFolder, asServerUser, FreeLoopbackPort());
            try
            {
                server.StartServer();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
                return server;
            }
            catch (InvalidOperationException e)
            {
                last = e;
                server.StopServer();
            }
        }

        DeleteFolder(folder);
        throw new InvalidOperationException($"PostgreSQL did not start in '{folder}' after 3 attempts: {last!.Message}", last);
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser.</summary>
    /// <param name="database">The database name.</param>
    /// <returns>The Npgsql connection string.</returns>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Username = ServerUser,
        Database = database,
        // Tests open few connections; no pooling means nothing stays open once a test is done.
        Pooling = false,
    }.ConnectionString;

    /// <summary>Creates a fresh database with the <c>vector</c> extension and returns its connection string.</summary>
    /// <param name="prefix">Start of the database name (letters, digits, underscores).</param>
    /// <returns>The Npgsql connection string of the new database.</returns>
    public string CreateDatabase(string prefix)
    {
        string name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)].ToLowerInvariant();
        using (var connection = new NpgsqlConnection(ConnectionString()))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }

        string connectionString = ConnectionString(name);
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            using var extension = new NpgsqlCommand("CREATE EXTENSION vector", connection);
            extension.ExecuteNonQuery();
        }

        return connectionString;
    }

    /// <summary>Stops the server (immediate shutdown; killed if that fails) and deletes its folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        StopServer();
        DeleteFolder(_folder);
    }

    private void StartServer()
    {
        string options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_folder} " +
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50";
        RunServerCommand(_asServerUser,
            [Path.Combine(_binFolder, "pg_ctl"), "start", "-w", "-t", "60", "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-o", options],
            $"pg_ctl start (port {Port}; log below)", Path.Combine(_folder, "server.log"));
    }

    private void StopServer()
    {
        if (!File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
            return;
        try
        {
            RunServerCommand(_asServerUser, [Path.Combine(_binFolder, "pg_ctl"), "stop", "-m", "immediate", "-w", "-t", "30", "-D", DataFolder], "pg_ctl stop");
        }
        catch (InvalidOperationException)
        {
            // The postmaster's pid is the first line of postmaster.pid; killing it takes its children down.
            if (File.Exists(Path.Combine(DataFolder, "postmaster.pid"))
                && int.TryParse(File.ReadLines(Path.Combine(DataFolder, "postmaster.pid")).FirstOrDefault(), out int pid))
            {
                try
                {
                    using var postmaster = Process.GetProcessById(pid);
                    postmaster.Kill(entireProcessTree: true);
                    postmaster.WaitForExit(10_000);
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }
    }

    private static void EnsurePgvector(string repositoryRoot, string binFolder)
    {
        string shareFolder = Run(Path.Combine(binFolder, "pg_config"), ["--sharedir"], "pg_config --sharedir", allowMissing: true)?.Trim()
            ?? Run("pg_config", ["--sharedir"], "pg_config --sharedir", allowMissing: true)?.Trim()
            ?? "/usr/share/postgresql/15";
        string control = Path.Combine(shareFolder, "extension", "vector.control");
        if (File.Exists(control))
            return;
        string script = Path.Combine(repositoryRoot, "eng", "postgres", "install-pgvector.sh");
        try
        {
            Run("bash", [script], "eng/postgres/install-pgvector.sh");
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"pgvector is not installed ('{control}' is missing) and building it failed. As root, run {script} (it installs " +
                "postgresql-server-dev-15 and build-essential with apt and builds ../shared/vendor/pgvector-0.8.6). " + e.Message, e);
        }

        if (!File.Exists(control))
            throw new InvalidOperationException($"eng/postgres/install-pgvector.sh succeeded but '{control}' is still missing; check which PostgreSQL pg_config points to.");
    }

    private static string RunServerCommand(bool asServerUser, string[] arguments, string what, string? logFile = null)
    {
        try
        {
            return asServerUser ? Run("runuser", ["-u", ServerUser, "--", .. arguments], what)! : Run(arguments[0], arguments[1..], what)!;
        }
        catch (InvalidOperationException e) when (logFile is not null && File.Exists(logFile))
        {
            throw new InvalidOperationException($"{e.Message}\n{File.ReadAllText(logFile)}", e);
        }
    }

    private static string? Run(string program, string[] arguments, string what, bool allowMissing = false)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{what}: '{program}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            if (allowMissing)
                return null;
            throw new InvalidOperationException($"{what}: cannot run '{program}': {e.Message}", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(CommandTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{what}: '{program}' did not finish within {CommandTimeout.TotalMinutes} minutes.");
            }

            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{what} failed (exit code {process.ExitCode}): {error.Result}{output.Result}".TrimEnd());
            return output.Result;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying server process; the folder is under the temporary directory.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
