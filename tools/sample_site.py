"""Words for the synthetic WordPress site that ``tools/make_wxr.py`` writes.

An invented local paper, the Alder Creek Courier, in the project's own words: its staff,
its categories and tags, and the pieces its headlines, stories and comments are made of.
"""

AUTHORS = [
    ("mreyes", "Marisol Reyes", "Marisol", "Reyes"),
    ("tbeckett", "Tom Beckett", "Tom", "Beckett"),
    ("priya.n", "Priya Natarajan", "Priya", "Natarajan"),
    ("jlarsen", "Jonas Larsen", "Jonas", "Larsen"),
    ("newsdesk", "Courier Staff", "", ""),
]
CATEGORIES = [  # slug, name, parent slug
    ("uncategorized", "Uncategorized", ""),
    ("news", "News", ""),
    ("city-hall", "City Hall", "news"),
    ("community", "Community", ""),
    ("business", "Business", ""),
    ("schools", "Schools", ""),
    ("arts-culture", "Arts &amp; Culture", ""),
    ("sports", "Sports", ""),
]
TAGS = [
    "Main Street", "Library", "Farmers Market", "Budget", "Water", "Roads", "Parks",
    "High School", "Fire Department", "Housing", "Small Business", "Elections", "Trail",
    "Weather", "Festival", "Volunteers", "Transit", "Zoning", "Youth Sports", "History",
]  # fmt: skip
SUBJECTS = [
    "City council", "The school board", "Library trustees", "The planning commission",
    "Neighbours on Elm Street", "The fire district", "Volunteers", "The chamber of commerce",
    "The parks department", "Shop owners downtown", "The county", "Students at Alder High",
]  # fmt: skip
ACTIONS = [
    "approve", "delay a vote on", "debate", "celebrate", "push back on", "raise money for",
    "ask questions about", "plan", "finish work on", "open bids for",
]  # fmt: skip
OBJECTS = [
    "a new crosswalk on Main Street", "the summer reading programme", "a rezoning near the mill",
    "the water rate increase", "repairs to the Cedar Avenue bridge", "a skate park",
    "the farmers market's new home", "longer library hours", "the budget for next year",
    "a community garden", "the trail along the creek", "a food pantry expansion",
    "the fall festival", "bus service to the clinic", "a mural on the old depot",
]  # fmt: skip
SENTENCES = [
    "The meeting ran past ten, and more than forty residents stayed to the end.",
    "Several speakers said they had waited years for the change.",
    "Others worried about the cost and asked for more time to read the plan.",
    "The vote was 5 to 2, with two members asking for a report in the spring.",
    "Work is expected to start once the ground thaws, weather permitting.",
    "The money comes from a state grant and a small share of this year's budget.",
    "Parents said the change would make the walk to school safer.",
    "Business owners on the block said they had not been asked.",
    "A second hearing is set for next month at the community centre.",
    "The full proposal is posted on the city's website and at the library.",
    "“We heard people, and we changed the plan,” the chair said after the vote.",
    "Volunteers have already signed up for the first weekend of work.",
    "The district expects the numbers to be final by the end of the month.",
    "Residents can send written comments to the clerk until Friday.",
]  # fmt: skip
COMMENTS = [
    "Thanks for covering this. I couldn't make it to the meeting.",
    "About time! That corner has been dangerous for years.",
    "Does anyone know if the hearing will be streamed online?",
    "I was there, and this is a fair account of what was said.",
    "Who is paying for this? The article doesn't say how much it costs.",
    "My kids walk that way every day, so this is good news for us.",
    "Great to see volunteers stepping up again.\n\nCount me in for the second weekend.",
    "The <a href=\"https://city.example/agenda\">agenda is here</a> if anyone wants it.",
    "I disagree with the council on this one, but glad it was discussed in the open.",
    "Is the library still open late on Thursdays?",
]  # fmt: skip
NAMES = [
    "Rosa Diaz", "Hank Miller", "Aiyana Brooks", "Dev Patel", "Lena Hoffmann", "Sam O'Neill",
    "Grace Kim", "Luis Ortega", "Beth Calloway", "Omar Haddad", "Nina Volkova", "Carl Jensen",
]  # fmt: skip

ALT_TEXTS = [
    "Residents fill the council chamber for the evening meeting",
    "A crossing guard walks children across Main Street",
    "Volunteers plant seedlings in the community garden",
    "The Cedar Avenue bridge, closed for repairs",
    "Shoppers at the farmers market on a Saturday morning",
]
