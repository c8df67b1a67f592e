using MLNet.TwoTower.PostgreSql.Source;
using Npgsql;

namespace MLNet.TwoTower.Tests.PostgreSql;

[Collection(PostgresCollection.Name)]
public sealed class PostgresDatasetErrorTests(PostgresFixture server)
{
    private const string Interactions = "CREATE TABLE interactions (user_id text, item_id text, rating real); " +
        "INSERT INTO interactions VALUES ('u1', 'i1', 4), ('u2', 'i2', 3.5)";

    private string Database(string sql)
    {
        string connectionString = server.CreateDatabase("errors");
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        DatasetTables.Execute(connection, sql);
        return connectionString;
    }

    private PostgresDataException LoadFails(string sql) =>
        Assert.Throws<PostgresDataException>(() => PostgresDataset.Load(Database(sql)));

    [Fact]
    public void MissingInteractionsTable_NamesTheTable()
    {
        var error = LoadFails("CREATE TABLE ratings (user_id text, item_id text, rating real)");
        Assert.Equal("interactions", error.Table);
        Assert.Contains("table 'interactions': no such table or view", error.Message);
        Assert.Contains("InteractionsTable", error.Message);
    }

    [Fact]
    public void MissingRatingColumn_NamesTableAndColumnAndListsTheColumnsFound()
    {
        var error = LoadFails("CREATE TABLE interactions (user_id text, item_id text, score real); INSERT INTO interactions VALUES ('u', 'i', 1)");
        Assert.Equal("rating", error.Column);
        Assert.StartsWith("table 'interactions', column 'rating': the table has no such column", error.Message);
        Assert.Contains("[user_id, item_id, score]", error.Message);
    }

    [Fact]
    public void TextRating_IsAWrongType()
    {
        var error = LoadFails("CREATE TABLE interactions (user_id text, item_id text, rating text); INSERT INTO interactions VALUES ('u', 'i', '4')");
        Assert.StartsWith("table 'interactions', column 'rating': the column is text; expected a number", error.Message);
    }

    [Fact]
    public void FloatingPointTimestamp_IsAWrongType()
    {
        var error = LoadFails("CREATE TABLE interactions (user_id text, item_id text, rating real, timestamp double precision)");
        Assert.StartsWith("table 'interactions', column 'timestamp': the column is double precision; expected whole seconds", error.Message);
    }

    [Fact]
    public void NullUserId_NamesTheRow()
    {
        var error = LoadFails(Interactions + ", (NULL, 'i3', 2)");
        Assert.Equal((3L, "user_id"), (error.Row, error.Column));
        Assert.Equal("table 'interactions', row 3, column 'user_id': NULL user_id; every row needs an id.", error.Message);
    }

    [Fact]
    public void NullRating_NamesTheRowAndTheInteraction()
    {
        var error = LoadFails(Interactions + ", ('u3', 'i3', NULL)");
        Assert.StartsWith("table 'interactions', row 3, column 'rating': NULL rating for user 'u3', item 'i3'", error.Message);
    }

    [Fact]
    public void EmptyInteractions_AreRejected()
    {
        var error = LoadFails("CREATE TABLE interactions (user_id text, item_id text, rating real)");
        Assert.StartsWith("table 'interactions': the table has no rows", error.Message);
    }

    [Fact]
    public void InteractionWithAnUnknownItem_NamesRowAndItemsTable()
    {
        var error = LoadFails(Interactions + "; CREATE TABLE items (item_id text, genre text); INSERT INTO items VALUES ('i1', 'a')");
        Assert.Equal("table 'interactions', row 2, column 'item_id': item 'i2' is not in table 'items'; add the item there or remove the interaction.", error.Message);
    }

    [Fact]
    public void DuplicateUserId_NamesBothRows()
    {
        var error = LoadFails(Interactions + "; CREATE TABLE users (user_id text, age int); INSERT INTO users VALUES ('u1', 30), ('u2', 40), ('u1', 50)");
        Assert.Equal("table 'users', row 3, column 'user_id': duplicate user_id 'u1' (first at row 1); each id must appear once.", error.Message);
    }

    [Fact]
    public void SchemaDeclaringAMissingColumn_NamesTheSchemaRow()
    {
        var error = LoadFails(Interactions + "; CREATE TABLE users (user_id text, age int); INSERT INTO users VALUES ('u1', 30), ('u2', 40); " +
            "CREATE TABLE schema (section text, column_name text, kind text); INSERT INTO schema VALUES ('users', 'age', 'numeric'), ('users', 'region', 'categorical')");
        Assert.StartsWith("table 'schema', row 2, column 'column_name': declares users column 'region', which table 'users' lacks; found [user_id, age]", error.Message);
    }

    [Fact]
    public void SchemaWithAnUnknownKind_NamesTheRow()
    {
        var error = LoadFails(Interactions + "; CREATE TABLE schema (section text, column_name text, kind text); INSERT INTO schema VALUES ('items', 'genre', 'colour')");
        Assert.StartsWith("table 'schema', row 1, column 'kind': unknown kind 'colour' for items.genre", error.Message);
    }

    [Fact]
    public void DeclaredNumericColumnHoldingText_NamesRowAndColumn()
    {
        var error = LoadFails(Interactions + "; CREATE TABLE items (item_id text, price text); INSERT INTO items VALUES ('i1', '3.5'), ('i2', 'cheap'); " +
            "CREATE TABLE schema (section text, column_name text, kind text); INSERT INTO schema VALUES ('items', 'price', 'numeric')");
        Assert.StartsWith("table 'items', row 2, column 'price': the column is numeric, found 'cheap'", error.Message);
    }

    [Fact]
    public void WholeNumberIdsAndSqlTimestamps_AreRead()
    {
        string connectionString = Database(
            "CREATE TABLE interactions (user_id bigint, item_id int, rating numeric(3,1), timestamp timestamptz); " +
            "INSERT INTO interactions VALUES (10, 7, 4.5, '2020-01-01 00:00:01+00'), (11, 7, 2, '1970-01-01 00:01:00+00'); " +
            "CREATE TABLE items (item_id int, price numeric, genre text); INSERT INTO items VALUES (7, 12.25, 'drama')");
        var dataset = PostgresDataset.Load(connectionString);
        Assert.Equal(
            [new("10", "7", 4.5f, 1_577_836_801L), new("11", "7", 2f, 60L)],
            dataset.Interactions);
        Assert.Equal(12.25f, dataset.Items!.GetColumnOrNull("price")!.GetNumber(0));
        Assert.Equal(MLNet.TwoTower.Datasets.Model.FeatureKind.Numeric, dataset.Items.GetColumnOrNull("price")!.Kind);
        Assert.Equal(MLNet.TwoTower.Datasets.Model.FeatureKind.Categorical, dataset.Items.GetColumnOrNull("genre")!.Kind);
    }
}
