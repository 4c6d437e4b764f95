"""Made-up place and people names for the demo estate. Internal."""

from __future__ import annotations

TOWNS = {
    "england": (
        "Barnsley", "Basildon", "Bath", "Bedford", "Birkenhead", "Blackburn", "Blackpool",
        "Bolton", "Bournemouth", "Bradford", "Brighton", "Bristol", "Burnley", "Bury",
        "Cambridge", "Canterbury", "Carlisle", "Chatham", "Chelmsford", "Cheltenham", "Chester",
        "Chesterfield", "Colchester", "Coventry", "Crawley", "Darlington", "Derby", "Doncaster",
        "Dudley", "Durham", "Eastbourne", "Exeter", "Gateshead", "Gloucester", "Grimsby",
        "Guildford", "Halifax", "Harlow", "Hartlepool", "Hastings", "Hereford", "Huddersfield",
        "Hull", "Ipswich", "Kendal", "Kettering", "Lancaster", "Leeds", "Leicester", "Lincoln",
        "Liverpool", "Luton", "Maidstone", "Manchester", "Mansfield", "Middlesbrough",
        "Milton Keynes", "Newcastle upon Tyne", "Northampton", "Norwich", "Nottingham",
        "Oldham", "Oxford", "Peterborough", "Plymouth", "Portsmouth", "Preston", "Reading",
        "Redditch", "Rochdale", "Rotherham", "Salford", "Scarborough", "Scunthorpe",
        "Sheffield", "Shrewsbury", "Slough", "Southampton", "Southend-on-Sea", "Stevenage",
        "Stockport", "Stoke-on-Trent", "Sunderland", "Swindon", "Taunton", "Telford", "Truro",
        "Wakefield", "Walsall", "Warrington", "Watford", "Wigan", "Wolverhampton", "Worcester",
        "Worthing", "York",
    ),
    "wales": (
        "Aberystwyth", "Bangor", "Barry", "Bridgend", "Caernarfon", "Cardiff", "Carmarthen",
        "Ebbw Vale", "Haverfordwest", "Llandudno", "Llanelli", "Merthyr Tydfil", "Neath",
        "Newport", "Pontypridd", "Port Talbot", "Rhyl", "Swansea", "Welshpool", "Wrexham",
    ),
    "scotland": (
        "Aberdeen", "Airdrie", "Arbroath", "Ayr", "Clydebank", "Dumfries", "Dundee",
        "Dunfermline", "East Kilbride", "Edinburgh", "Elgin", "Falkirk", "Glasgow", "Greenock",
        "Hamilton", "Inverness", "Irvine", "Kilmarnock", "Kirkcaldy", "Livingston",
        "Motherwell", "Paisley", "Perth", "Stirling", "Wick",
    ),
}  # fmt: skip
REGION_WEIGHTS = (("england", 0.80), ("scotland", 0.11), ("wales", 0.09))
BRANCHES = (
    "Central", "North", "South", "East", "West", "Riverside", "High Street", "Market Street",
    "Station Road", "Victoria Street",
)  # fmt: skip
FIRST = (
    "Aisha", "Alan", "Amelia", "Andrew", "Angela", "Bethan", "Callum", "Carol", "Chloe",
    "Chris", "Claire", "Daniel", "David", "Deborah", "Dylan", "Eilidh", "Emma", "Fatima",
    "Fiona", "Gareth", "Gemma", "Grace", "Hannah", "Harry", "Imran", "Isla", "Jack", "James",
    "Jasmine", "Joanne", "John", "Karen", "Kieran", "Laura", "Lewis", "Lucy", "Mark", "Megan",
    "Michael", "Mohammed", "Natalie", "Neil", "Nicola", "Olivia", "Owen", "Paul", "Priya",
    "Rachel", "Rhys", "Robert", "Ruth", "Ryan", "Sam", "Sarah", "Sian", "Simon", "Sophie",
    "Stuart", "Susan", "Thomas", "Zara",
)  # fmt: skip
LAST = (
    "Ahmed", "Allan", "Bailey", "Baker", "Begum", "Bell", "Brown", "Campbell", "Carter",
    "Clarke", "Cooper", "Davies", "Edwards", "Evans", "Fraser", "Green", "Griffiths", "Hall",
    "Harris", "Hughes", "Hussain", "Jackson", "James", "Jenkins", "Johnson", "Jones", "Khan",
    "King", "Lewis", "MacDonald", "Martin", "Morgan", "Morris", "Murray", "Owen", "Patel",
    "Phillips", "Price", "Reid", "Roberts", "Robertson", "Robinson", "Scott", "Shah", "Smith",
    "Stewart", "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Watson", "White",
    "Williams", "Wilson", "Wood", "Wright", "Young",
)  # fmt: skip
