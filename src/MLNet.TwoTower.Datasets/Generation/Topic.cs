namespace MLNet.TwoTower.Datasets.Generation;

/// One interest area: the genre label items carry, and the phrases profiles and blurbs draw from.
internal sealed record Topic(
    string Genre,
    string[] Activities,
    string[] Things,
    string[] TitleNouns,
    string[] Occupations);
