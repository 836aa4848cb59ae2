"""The demo stories that `manage.py seed_demo` loads, written in the project's own words.

Everything here is plain data: sections, bylines, partner outlets and stories for an invented
town, Alder Creek. ``articles.demo`` turns it into database rows; nothing in this module
touches Django. (The demo comments are the comments app's, in ``comments.demo``.)
"""

SECTIONS = [
    {
        "name": "News",
        "slug": "news",
        "description": "City hall, public safety, roads and the decisions that shape Alder Creek.",
        "order": 1,
    },
    {
        "name": "Community",
        "slug": "community",
        "description": "Neighbours, volunteers, parks, libraries and the gatherings around town.",
        "order": 2,
    },
    {
        "name": "Business",
        "slug": "business",
        "description": "Local shops, openings, closings and the people behind the town's economy.",
        "order": 3,
    },
    {
        "name": "Health",
        "slug": "health",
        "description": "Clinics, public health notices and what medical news means for families.",
        "order": 4,
    },
    {
        "name": "Schools",
        "slug": "schools",
        "description": "The school board, classrooms, students and what's new across the district.",
        "order": 5,
    },
]

AUTHORS = [
    {
        "name": "The Local Loop Editorial Staff",
        "slug": "editorial-staff",
        "title": "Newsroom",
        "bio": (
            "The newsroom team behind The Local Loop, reporting independently with neighbourhoods "
            "first and sharing its work with partner outlets."
        ),
        "email": "newsdesk@thelocalloop.example",
        "is_team": True,
    },
    {
        "name": "Dana Whitfield",
        "slug": "dana-whitfield",
        "title": "City Hall reporter",
        "bio": "Dana covers the city council, budgets and public works, and reads every agenda.",
        "email": "dana.whitfield@thelocalloop.example",
        "is_team": False,
    },
    {
        "name": "Marcus Oyelaran",
        "slug": "marcus-oyelaran",
        "title": "Community reporter",
        "bio": "Marcus writes about schools, parks, volunteers and the people who keep them going.",
        "email": "marcus.oyelaran@thelocalloop.example",
        "is_team": False,
    },
    {
        "name": "Priya Nandakumar",
        "slug": "priya-nandakumar",
        "title": "Health and business reporter",
        "bio": "Priya follows local clinics, public health and the shops on Main Street.",
        "email": "",
        "is_team": False,
    },
]

SOURCES = [
    {
        "name": "KRDO",
        "slug": "krdo",
        "region": "Colorado Springs metro",
        "homepage": "https://krdo.com/",
        # Our agreement with this partner asks for rel=canonical to their original.
        "indexing": "canonical",
    },
    {
        "name": "The Valley Ledger",
        "slug": "valley-ledger",
        "region": "Alder Valley",
        "homepage": "https://valleyledger.example.org/",
    },
]

STORIES = [
    {
        "slug": "fourth-street-bridge-closes-for-repairs",
        "headline": "Fourth Street bridge to close for three weeks of deck repairs",
        "dek": (
            "Crews will replace worn concrete on the span over the Alder River, sending drivers "
            "onto signed detours along Mill Road and Harbor Avenue."
        ),
        "section": "news",
        "authors": ["dana-whitfield"],
        "tags": ["Roads", "Traffic", "Public Works"],
        "days_ago": 0.1,
        "body": (
            "<p>The Fourth Street bridge over the Alder River will close to all traffic starting "
            "early next week so city crews can replace sections of the deck that have cracked "
            "and spalled over the past several winters, the Public Works Department said.</p>"
            "<p>The closure is expected to last about three weeks, weather permitting. "
            "Pedestrians and cyclists will also be kept off the bridge because crews will be "
            "cutting out concrete across the full width of the span.</p>"
            "<h2>Detours</h2>"
            "<ul>"
            "<li><strong>Northbound drivers</strong> should use Mill Road to Harbor Avenue.</li>"
            "<li><strong>Southbound drivers</strong> should follow Harbor Avenue to Mill Road "
            "and rejoin Fourth Street at Linden Park.</li>"
            "<li><strong>Route 6 buses</strong> will follow the same detour and skip the "
            "Riverside Drive stop.</li>"
            "</ul>"
            "<p>Public Works director Alan Reyes said the department scheduled the work before "
            "the first freeze so the new concrete can cure properly. “Patching it one more "
            "year would have cost nearly as much and bought us far less time,” he said.</p>"
            "<p>Updated detour maps are posted on the "
            '<a href="https://aldercreek.example/public-works/detours">city’s public works '
            "page</a>.</p>"
        ),
        "source": None,
        "original_url": "",
        "comments_open": True,
        "image_colour": "#5b6770",
        "image_alt": "Orange barricades and a road-closed sign at the end of a concrete bridge.",
        "image_caption": "Barricades went up at the Fourth Street bridge ahead of the closure.",
        "image_credit": "Dana Whitfield / The Local Loop",
    },
    {
        "slug": "microsoft-and-mayo-clinic-team-up-on-health-ai",
        "headline": "Mayo Clinic and Microsoft join forces on an AI model built for medicine",
        "dek": (
            "The partners plan to train an AI system on Mayo Clinic's own records and research, "
            "hoping for more dependable health answers than general-purpose chatbots give."
        ),
        "section": "health",
        "authors": ["editorial-staff"],
        "tags": ["Artificial Intelligence", "Health Care", "Technology"],
        "days_ago": 0.5,
        "body": (
            "<p>Microsoft and Mayo Clinic are working together on an artificial intelligence "
            "model that learns from medical information rather than from the internet at large. "
            "The effort is a response to a growing habit among patients of turning to AI "
            "chatbots with health questions, even though those general-purpose tools, built on "
            "broad swaths of web content, often get the answers wrong.</p>"
            "<h2>A model that learns from medicine, not the open web</h2>"
            "<p>The system will draw on Mayo Clinic's medical records, its research and the "
            "clinical know-how of its staff. Gianrico Farrugia, Mayo Clinic's chief executive, "
            "said it is the combination of sound data and real expertise that ultimately "
            "produces better health outcomes for the people who rely on a tool like this.</p>"
            "<p>Plans call for the model to assist clinicians working in Mayo Clinic hospitals, "
            "and it could eventually be licensed to other health organizations. The two "
            "partners also want to build an AI health assistant that patients could reach "
            "through Mayo Clinic's online portal, offering in-depth explanations of diagnoses, "
            "next steps in care and ways to prevent illness.</p>"
            "<h2>What it could change, and what comes next</h2>"
            "<p>Mustafa Suleyman, who leads Microsoft AI, cautioned that making the model "
            "reliable enough for high-stakes health questions will be a multiyear job. In the "
            "early phase, only Mayo Clinic professionals will use it, checking how accurate its "
            "answers are. Further out, Microsoft hopes the work will sharpen how its AI "
            "products, including Copilot, respond when people ask about their health.</p>"
            "<p>The project enters a crowded field: Google, Anthropic and OpenAI are all "
            "developing AI health assistants of their own. What may set this one apart is Mayo "
            "Clinic's deep reserve of high-quality medical data. Farrugia said he is hopeful "
            "about what AI can do to help prevent disease, while recognizing that people have "
            "legitimate concerns about the technology. The companies did not disclose the "
            "financial terms of the arrangement.</p>"
        ),
        "source": "krdo",
        "original_url": "https://krdo.com/news/microsoft-mayo-clinic-ai-health-model/",
        "comments_open": True,
        "image_colour": "#2f6f8f",
        "image_alt": "A clinician looks at a tablet computer in a hospital corridor.",
        "image_caption": "The model will first be tested by Mayo Clinic staff.",
        "image_credit": "Illustration: The Local Loop",
    },
    {
        "slug": "council-adopts-budget-with-more-for-roads-and-library",
        "headline": "Council adopts $182 million budget with more for roads and library hours",
        "dek": (
            "The spending plan passed 6-1 after a three-hour hearing and holds the property tax "
            "rate flat for a second year."
        ),
        "section": "news",
        "authors": ["dana-whitfield"],
        "tags": ["City Council", "Budget", "Roads"],
        "days_ago": 1.2,
        "body": (
            "<p>The Alder Creek City Council this week adopted a $182 million budget for the "
            "coming fiscal year, a 3.4 percent increase that puts most of the new money into "
            "street repairs, library hours and two additional firefighter positions.</p>"
            "<p>The vote was 6-1. Council member Joan Petrakis voted no, saying the city should "
            "have set aside more for its reserve fund before adding staff.</p>"
            "<h2>What changes for residents</h2>"
            "<ul>"
            "<li>Road resurfacing rises to $6.1 million, up from $4.8 million.</li>"
            "<li>The main library adds Sunday afternoon hours starting in the spring.</li>"
            "<li>The fire department hires two firefighters for the east-side station.</li>"
            "<li>The property tax rate stays the same; water rates rise by about $2 a month "
            "for a typical household.</li>"
            "</ul>"
            "<p>Mayor Celia Baptiste called the plan “steady, not flashy,” and said the road "
            "money responds to the complaints residents raise most often at council meetings.</p>"
            "<p>About two dozen people spoke during the public hearing. Several asked for more "
            "spending on sidewalks near schools; the council agreed to study the request before "
            "mid-year budget adjustments.</p>"
        ),
        "source": None,
        "original_url": "",
        "comments_open": True,
        "image_colour": "#7a5c3e",
        "image_alt": "Council members seated at a curved dais during a public meeting.",
        "image_caption": "The council heard from about two dozen residents before the vote.",
        "image_credit": "Dana Whitfield / The Local Loop",
    },
    {
        "slug": "school-board-votes-to-push-back-high-school-start-times",
        "headline": "School board votes 4-3 to push back high school start times",
        "dek": (
            "Classes at the district's two high schools will begin at 8:30 a.m. next fall, "
            "45 minutes later than now, after months of debate over sleep and bus schedules."
        ),
        "section": "schools",
        "authors": ["dana-whitfield", "marcus-oyelaran"],
        "tags": ["School Board", "Education", "Start Times"],
        "days_ago": 2.1,
        "body": (
            "<p>The Alder Creek Unified School Board voted 4-3 this week to start the "
            "school day at Alder Creek High and Westfield High at 8:30 a.m. beginning next fall, "
            "ending a debate that has filled board meetings since the spring.</p>"
            "<p>Supporters pointed to research linking later start times with better attendance "
            "and fewer drowsy teen drivers. Opponents worried about later dismissals cutting "
            "into after-school jobs and sports practices.</p>"
            "<h2>Buses and elementary schedules</h2>"
            "<p>To make the change work with the district's 38 buses, elementary schools will "
            "start 15 minutes earlier. Transportation director Nadia Brooks said routes will be "
            "redrawn over the winter and shared with families by March.</p>"
            "<blockquote><p>“We heard from hundreds of families, and they did not agree with "
            "each other. This was a close call, and we will watch the results closely.”</p>"
            "</blockquote>"
            "<p>Board president Leon Marsh, who cast the deciding vote, said the board will "
            "review attendance and grades after the first full year.</p>"
        ),
        "source": None,
        "original_url": "",
        "comments_open": True,
        "image_colour": "#b5823c",
        "image_alt": "A yellow school bus parked outside a brick high school in the early morning.",
        "image_caption": "Elementary schools will start earlier so buses can cover the new times.",
        "image_credit": "Marcus Oyelaran / The Local Loop",
    },
    {
        "slug": "main-library-reopens-childrens-wing",
        "headline": "Main library reopens its children's wing after nine-month renovation",
        "dek": (
            "The rebuilt wing has a story-time room, a reading nook overlooking the river and "
            "twice as many picture books on open shelves."
        ),
        "section": "community",
        "authors": ["marcus-oyelaran"],
        "tags": ["Library", "Renovation", "Families"],
        "days_ago": 3.5,
        "body": (
            "<p>Families lined up before the doors opened on Saturday as the Alder Creek Public "
            "Library welcomed readers back into its children's wing, which had been closed "
            "since early in the year for a $2.3 million renovation.</p>"
            "<p>The project replaced a leaking roof and outdated lighting, and reworked the "
            "floor plan to add a glass-walled story-time room and a row of low window seats "
            "facing the Alder River.</p>"
            "<h2>Paid for by a bond and a bake sale</h2>"
            "<p>Most of the money came from the library bond voters approved two years ago. "
            "The Friends of the Library raised another $84,000 through book sales, a "
            "fun run and, by their count, more than 3,000 cookies.</p>"
            "<p>“Kids told us what they wanted: more places to sit on the floor and more books "
            "they could reach,” said children's librarian Helen Cho. “So that's what we built.”</p>"
            "<p>Story time returns on Tuesday and Thursday mornings. A schedule is on the "
            '<a href="https://library.aldercreek.example/kids">library’s website</a>.</p>'
        ),
        "source": None,
        "original_url": "",
        "comments_open": True,
        "image_colour": "#4f8a5b",
        "image_alt": "Children sit on cushions in a bright room lined with low bookshelves.",
        "image_caption": "The new story-time room on opening day.",
        "image_credit": "Marcus Oyelaran / The Local Loop",
    },
    {
        "slug": "family-bakery-opens-on-main-street",
        "headline": "Family bakery opens on Main Street in former shoe repair shop",
        "dek": (
            "Rise & Crumb, run by a mother and son, sells sourdough, cardamom buns and coffee "
            "from the storefront that housed Goldberg's Shoe Repair for 41 years."
        ),
        "section": "business",
        "authors": ["priya-nandakumar"],
        "tags": ["Small Business", "Downtown", "Food"],
        "days_ago": 4.3,
        "body": (
            "<p>The smell of fresh bread is drifting down the 300 block of Main Street again. "
            "Rise &amp; Crumb opened this week in the narrow storefront that was home to "
            "Goldberg's Shoe Repair until its owner retired last year.</p>"
            "<p>Owners Lena Sorensen and her son, Erik, spent five months renovating the space. "
            "They kept the original tin ceiling and the shoe shop's wooden counter, which now "
            "holds trays of cardamom buns and rye loaves.</p>"
            "<p>“We wanted to keep a little of what was here,” Lena Sorensen said. “People come "
            "in and tell us they had their boots resoled at this counter.”</p>"
            "<h2>Hours and hiring</h2>"
            "<p>The bakery is open Wednesday through Sunday from 7 a.m. until the bread runs "
            "out, and it has hired four part-time workers so far. The Sorensens said they plan "
            "to add a few sidewalk tables once the city approves their permit.</p>"
        ),
        "source": None,
        "original_url": "",
        "comments_open": True,
        "image_colour": "#c98a4b",
        "image_alt": "Loaves of bread on a wooden counter beneath a pressed-tin ceiling.",
        "image_caption": "The bakery kept the shoe shop's original counter.",
        "image_credit": "Priya Nandakumar / The Local Loop",
    },
    {
        "slug": "farmers-market-returns-to-riverside-park",
        "headline": "Farmers market returns to Riverside Park with 40 vendors and evening hours",
        "dek": (
            "The market adds a Wednesday evening session this year alongside its usual "
            "Saturday mornings, and will keep matching SNAP dollars."
        ),
        "section": "community",
        "authors": ["marcus-oyelaran"],
        "tags": ["Farmers Market", "Parks", "Food"],
        "days_ago": 6.0,
        "body": (
            "<p>The Alder Creek Farmers Market is back in Riverside Park for the season, with "
            "about 40 vendors selling produce, eggs, honey, cut flowers and baked goods.</p>"
            "<p>New this year is a Wednesday evening market from 4 to 7 p.m., aimed at people "
            "who work on weekends. The Saturday market continues from 8 a.m. to noon.</p>"
            "<h2>Food assistance</h2>"
            "<p>The market will again match SNAP benefits dollar for dollar, up to $20 per "
            "visit, through a grant from the Alder Valley Community Foundation. Shoppers can "
            "swap benefits for market tokens at the information tent.</p>"
            "<p>Market manager Rosa Delgado said vendor applications were up by a third this "
            "year. “We had a waiting list for the first time,” she said. “That tells us people "
            "want to buy from the folks who grow their food.”</p>"
        ),
        "source": None,
        "original_url": "",
        "comments_open": True,
        "image_colour": "#8fae3a",
        "image_alt": "Shoppers browse tables of vegetables under white canopy tents in a park.",
        "image_caption": "Opening Saturday at the Riverside Park market.",
        "image_credit": "Marcus Oyelaran / The Local Loop",
    },
    {
        "slug": "county-schedules-free-walk-in-flu-clinics",
        "headline": "County health department schedules free walk-in flu clinics",
        "dek": (
            "Shots will be offered at the community center, two schools and the senior center "
            "over the next month, with no appointment or insurance needed."
        ),
        "section": "health",
        "authors": ["priya-nandakumar"],
        "tags": ["Flu Season", "Vaccines", "Public Health"],
        "days_ago": 7.8,
        "body": (
            "<p>The Alder County Health Department will hold free walk-in flu vaccine clinics "
            "at four locations in Alder Creek over the next month, ahead of what officials "
            "expect to be a typical flu season.</p>"
            "<p>No appointment or insurance is required. Anyone six months or older can get a "
            "shot, and high-dose vaccine will be available for people 65 and older.</p>"
            "<h2>Where to go</h2>"
            "<ul>"
            "<li>Eastside Community Center, Saturdays, 9 a.m. to 1 p.m.</li>"
            "<li>Westfield High School gym, weekday evenings during the second week.</li>"
            "<li>Maple Grove Elementary, after school on the first two Thursdays.</li>"
            "<li>Alder Creek Senior Center, Tuesday mornings.</li>"
            "</ul>"
            "<p>“The best time to get vaccinated is before flu starts spreading widely,” said "
            "county health officer Dr. Samuel Okafor. He encouraged people to bring a photo ID "
            "if they have one, though it is not required.</p>"
        ),
        "source": None,
        "original_url": "",
        "comments_open": True,
        "image_colour": "#3d7ea6",
        "image_alt": "A nurse prepares a vaccine at a folding table in a community center.",
        "image_caption": "Walk-in clinics require no appointment or insurance.",
        "image_credit": "Priya Nandakumar / The Local Loop",
    },
    {
        "slug": "youth-soccer-league-opens-fall-registration",
        "headline": "Youth soccer league opens fall registration and adds scholarship spots",
        "dek": (
            "The Alder Creek Youth Soccer Association expects about 900 players ages 5 to 14 "
            "and is looking for volunteer coaches."
        ),
        "section": "community",
        "authors": ["marcus-oyelaran"],
        "tags": ["Youth Sports", "Soccer", "Volunteers"],
        "days_ago": 9.5,
        "body": (
            "<p>Registration is open for the fall season of the Alder Creek Youth Soccer "
            "Association, which expects about 900 players ages 5 to 14 across 70 teams.</p>"
            "<p>The fee is $85 per player, unchanged from last year. The league has doubled its "
            "number of fee waivers to 120, thanks to a donation from a local credit union, and "
            "families can request one on the registration form with no paperwork required.</p>"
            "<h2>Coaches wanted</h2>"
            "<p>League president Tamika Howard said the biggest need is volunteer coaches, "
            "especially for the youngest age groups. “You don't need to have played,” she said. "
            "“You need to show up, be patient and bring orange slices.”</p>"
            "<p>Games are played Saturday mornings at Linden Park and the Westfield fields. "
            "Registration closes at the end of the month or when teams fill.</p>"
        ),
        "source": None,
        "original_url": "",
        "comments_open": True,
        "image_colour": "#3f9b4f",
        "image_alt": "Young players in bright jerseys chase a soccer ball on a grass field.",
        "image_caption": "Saturday games at Linden Park last season.",
        "image_credit": "Marcus Oyelaran / The Local Loop",
    },
    {
        "slug": "volunteers-haul-trash-from-alder-river",
        "headline": "Volunteers haul 1.2 tons of trash from the Alder River in annual clean-up",
        "dek": (
            "About 260 people spent Saturday morning pulling tires, shopping carts and bags of "
            "litter from three miles of riverbank."
        ),
        "section": "community",
        "authors": ["marcus-oyelaran", "priya-nandakumar"],
        "tags": ["Alder River", "Volunteers", "Environment"],
        "days_ago": 12.0,
        "body": (
            "<p>Armed with grabbers, gloves and a few canoes, about 260 volunteers fanned out "
            "along the Alder River on Saturday for the annual clean-up organized by the Friends "
            "of the Alder River.</p>"
            "<p>By noon they had collected about 1.2 tons of trash, including 31 tires, four "
            "shopping carts and a waterlogged recliner that took six people to lift out of the "
            "shallows near the Fourth Street bridge.</p>"
            "<h2>Less litter than before</h2>"
            "<p>Organizer Ben Whitaker said the total was lower than last year's, which he "
            "credits in part to new trash cans the city installed along the river trail. "
            "“Fewer bottles, more old junk that's been there for years,” he said. “That's "
            "progress.”</p>"
            "<p>Volunteers included scout troops, a high school biology class and a team from "
            "the water treatment plant. The group holds smaller monthly clean-ups from spring "
            "through fall; details are on "
            '<a href="https://friendsofthealder.example.org/">its website</a>.</p>'
        ),
        "source": None,
        "original_url": "",
        "comments_open": True,
        "image_colour": "#2e6b6b",
        "image_alt": "Volunteers in gloves carry a muddy tire up a grassy riverbank.",
        "image_caption": "Tires were among the heaviest items pulled from the river.",
        "image_credit": "Priya Nandakumar / The Local Loop",
    },
    {
        "slug": "food-co-op-members-approve-expansion",
        "headline": "Alder Valley Food Co-op members approve move to a larger store",
        "dek": (
            "Members voted overwhelmingly to lease the former furniture showroom on Harbor "
            "Avenue, tripling the co-op's floor space."
        ),
        "section": "business",
        "authors": ["editorial-staff"],
        "tags": ["Small Business", "Co-op", "Groceries"],
        "days_ago": 15.5,
        "body": (
            "<p>Members of the Alder Valley Food Co-op have voted to move the grocery from its "
            "cramped Elm Street shop into a former furniture showroom on Harbor Avenue, a step "
            "the board says will triple the store's floor space.</p>"
            "<p>Of the 1,640 members who cast ballots, 88 percent approved the ten-year lease. "
            "The co-op plans to open the new store next summer after installing refrigeration "
            "and a small deli counter.</p>"
            "<h2>Paying for the move</h2>"
            "<p>The $1.9 million project will be financed through a member loan campaign, a "
            "bank loan and savings. General manager Owen Fitzgerald said prices should not rise "
            "because of the move, and that the larger store will let the co-op buy from more "
            "local farms.</p>"
            "<p>The Elm Street shop will stay open until the new location is ready.</p>"
            "<p><em>This story was first published by The Valley Ledger and is shared through "
            "a content partnership.</em></p>"
        ),
        "source": "valley-ledger",
        "original_url": "https://valleyledger.example.org/business/food-co-op-expansion-vote/",
        "comments_open": True,
        "image_colour": "#a0522d",
        "image_alt": "An empty retail showroom with large front windows on a commercial street.",
        "image_caption": "The former furniture showroom on Harbor Avenue.",
        "image_credit": "The Valley Ledger",
    },
    {
        "slug": "alder-creek-high-robotics-team-heads-to-state",
        "headline": "Alder Creek High robotics team qualifies for state championship",
        "dek": (
            "The 22-student team, known as the Gearhounds, took second place at the regional "
            "tournament with a robot built largely from salvaged parts."
        ),
        "section": "schools",
        "authors": ["marcus-oyelaran"],
        "tags": ["Students", "STEM", "Alder Creek High"],
        "days_ago": 19.6,
        "body": (
            "<p>The Alder Creek High School robotics team is headed to the state championship "
            "for the first time in six years after finishing second at the regional tournament "
            "last weekend.</p>"
            "<p>The team, which calls itself the Gearhounds, built its robot over ten weeks "
            "using motors and aluminum salvaged from earlier machines, plus parts bought with "
            "money raised from a car wash and a pancake breakfast.</p>"
            "<h3>Learning from mistakes</h3>"
            "<p>Faculty adviser Grace Lindholm said the robot lost a wheel in its first match "
            "and the students rebuilt the drive train during a 40-minute break. “That was the "
            "moment I knew they'd be fine,” she said.</p>"
            "<p>The team is raising about $3,000 to cover travel to the state event and is "
            "accepting donations through the school's booster club.</p>"
        ),
        "source": None,
        "original_url": "",
        "comments_open": False,
        "image_colour": "#6b4fa0",
        "image_alt": "Students gather around a small wheeled robot on a competition floor.",
        "image_caption": "The Gearhounds make adjustments between matches at the regional.",
        "image_credit": "Marcus Oyelaran / The Local Loop",
    },
]

# Written by the network desk (the team byline) and shared to every town of the demo
# network (network/demo.py makes the second town).
NETWORK_STORIES = ["microsoft-and-mayo-clinic-team-up-on-health-ai"]
