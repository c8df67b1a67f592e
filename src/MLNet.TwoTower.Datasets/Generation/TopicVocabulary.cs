namespace MLNet.TwoTower.Datasets.Generation;

/// The interest vocabulary of the pseudo dataset. Activities are gerund phrases ("baking sourdough bread"), things
/// are noun phrases, title nouns name items, occupations lean towards the topic (a chef likes cooking more often).
internal static class TopicVocabulary
{
    public static readonly Topic[] Topics =
    [
        new("cooking",
            ["baking sourdough bread", "trying new recipes", "cooking for friends", "experimenting with spices", "making fresh pasta", "hunting for street food"],
            ["cast-iron pans", "farmers markets", "Japanese knives", "slow-cooked stews", "homemade dumplings", "regional cuisine"],
            ["Kitchen", "Recipe", "Feast", "Spice", "Table"], ["chef", "baker", "restaurant manager"]),
        new("outdoors",
            ["hiking mountain trails", "camping under the stars", "trail running", "kayaking on quiet lakes", "climbing at the crag", "backpacking through national parks"],
            ["alpine lakes", "lightweight tents", "long-distance trails", "wild campsites", "topographic maps", "sunrise summits"],
            ["Trail", "Summit", "Wilderness", "Ridge", "Canyon"], ["park ranger", "geologist", "field biologist"]),
        new("sci-fi",
            ["reading space operas", "rewatching classic sci-fi films", "debating time-travel paradoxes", "building starship models", "imagining alien worlds", "following rocket launches"],
            ["space operas", "cyberpunk cities", "first-contact stories", "faster-than-light travel", "android rebellions", "distant galaxies"],
            ["Starfall", "Nebula", "Orbit", "Android", "Void"], ["software engineer", "physicist", "aerospace engineer"]),
        new("music",
            ["playing jazz piano", "collecting vinyl records", "going to live gigs", "learning the guitar", "singing in a choir", "making electronic beats"],
            ["jazz standards", "vinyl records", "indie bands", "concert halls", "analog synthesizers", "old soul albums"],
            ["Melody", "Rhythm", "Encore", "Chord", "Ballad"], ["music teacher", "sound engineer", "session musician"]),
        new("history",
            ["reading about ancient Rome", "visiting old castles", "digging through archives", "watching war documentaries", "tracing family trees", "touring museums"],
            ["medieval castles", "ancient empires", "old maps", "forgotten battles", "royal dynasties", "archaeological digs"],
            ["Empire", "Chronicle", "Dynasty", "Legacy", "Crown"], ["history teacher", "archivist", "museum curator"]),
        new("fitness",
            ["lifting weights", "training for marathons", "doing yoga every morning", "cycling long distances", "swimming laps", "trying new HIIT workouts"],
            ["marathon training plans", "kettlebells", "protein-packed meals", "yoga retreats", "road bikes", "personal records"],
            ["Strength", "Stride", "Pulse", "Endurance", "Core"], ["personal trainer", "physiotherapist", "nurse"]),
        new("technology",
            ["tinkering with Raspberry Pis", "writing open-source code", "building custom PCs", "reading about machine learning", "automating the house", "soldering small gadgets"],
            ["mechanical keyboards", "home servers", "open-source projects", "smart-home gadgets", "neural networks", "retro computers"],
            ["Circuit", "Code", "Signal", "Machine", "Network"], ["software engineer", "data analyst", "IT consultant"]),
        new("gardening",
            ["growing tomatoes on a balcony", "tending a vegetable patch", "propagating houseplants", "composting kitchen scraps", "planting wildflowers", "pruning fruit trees"],
            ["heirloom seeds", "raised beds", "rare succulents", "cottage gardens", "greenhouses", "native wildflowers"],
            ["Garden", "Bloom", "Seed", "Orchard", "Greenhouse"], ["landscape architect", "florist", "botanist"]),
        new("travel",
            ["backpacking across Asia", "planning road trips", "learning phrases in new languages", "hunting for cheap flights", "exploring hidden old towns", "taking night trains"],
            ["night trains", "hidden beaches", "old town squares", "travel journals", "mountain villages", "island hopping"],
            ["Journey", "Passport", "Horizon", "Voyage", "Compass"], ["flight attendant", "travel agent", "translator"]),
        new("art",
            ["painting with watercolors", "sketching in cafes", "visiting galleries", "throwing pottery", "experimenting with printmaking", "photographing street scenes"],
            ["watercolor landscapes", "modern art galleries", "hand-thrown ceramics", "street photography", "charcoal portraits", "art-house films"],
            ["Canvas", "Palette", "Portrait", "Sketch", "Gallery"], ["graphic designer", "illustrator", "architect"]),
        new("mystery",
            ["reading detective novels", "solving escape rooms", "listening to true-crime podcasts", "doing cryptic crosswords", "guessing the killer before the end", "playing murder-mystery games"],
            ["detective novels", "unsolved cases", "locked-room puzzles", "noir thrillers", "true-crime podcasts", "plot twists"],
            ["Shadow", "Secret", "Alibi", "Cipher", "Witness"], ["lawyer", "journalist", "police officer"]),
        new("gaming",
            ["playing strategy games", "speedrunning old platformers", "hosting board-game nights", "running tabletop campaigns", "collecting retro consoles", "exploring open-world RPGs"],
            ["board-game nights", "retro consoles", "open-world RPGs", "tabletop campaigns", "indie games", "strategy games"],
            ["Quest", "Dungeon", "Arcade", "Legend", "Realm"], ["game designer", "student", "QA tester"]),
        new("family",
            ["planning weekend trips with kids", "reading bedtime stories", "building Lego with children", "organizing family picnics", "baking with kids", "coaching youth soccer"],
            ["bedtime stories", "family road trips", "animated films", "Lego sets", "picnics in the park", "school science projects"],
            ["Home", "Adventure", "Friends", "Treehouse", "Holiday"], ["teacher", "pediatrician", "social worker"]),
        new("finance",
            ["budgeting in spreadsheets", "reading about investing", "listening to economics podcasts", "planning an early retirement", "comparing index funds", "following the stock market"],
            ["index funds", "compound interest", "personal budgets", "startup stories", "economic history", "side businesses"],
            ["Capital", "Fortune", "Ledger", "Market", "Venture"], ["accountant", "financial advisor", "entrepreneur"]),
    ];

    public static readonly string[] GeneralOccupations =
    [
        "student", "teacher", "nurse", "sales manager", "retired engineer", "freelance writer", "office administrator",
        "civil servant", "pharmacist", "electrician", "barista", "product manager", "researcher", "carpenter",
    ];

    /// Regions (the categorical attribute) with a few places each for the free text.
    public static readonly (string Region, string[] Places)[] Regions =
    [
        ("north", ["Edinburgh", "Oslo", "Helsinki", "Aberdeen"]),
        ("south", ["Seville", "Naples", "Marseille", "Athens"]),
        ("east", ["Krakow", "Vienna", "Budapest", "Prague"]),
        ("west", ["Lisbon", "Dublin", "Porto", "Bristol"]),
        ("central", ["Munich", "Zurich", "Lyon", "Milan"]),
    ];

    public static readonly string[] Formats = ["book", "film", "series", "podcast", "course", "game"];

    public static readonly string[] TitleAdjectives =
    [
        "Silent", "Golden", "Last", "Hidden", "Wild", "Broken", "Endless", "Little", "Midnight", "Crimson",
        "Secret", "Distant", "Quiet", "Burning", "Frozen", "Lost", "Bright", "Second", "Northern", "Electric",
    ];

    public static readonly string[] BlurbAdjectives =
    [
        "heartfelt", "gripping", "witty", "beautifully shot", "thoughtful", "fast-paced", "cozy", "ambitious",
        "funny", "surprisingly moving", "hands-on", "richly detailed", "bold", "gentle",
    ];
}
