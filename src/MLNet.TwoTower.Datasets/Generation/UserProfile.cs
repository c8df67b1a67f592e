namespace MLNet.TwoTower.Datasets.Generation;

/// What the generator knows about a user before writing the profile text.
internal sealed record UserProfile(int Age, string Occupation, string Region, string Place, Topic[] Interests, Topic? Dislike);
