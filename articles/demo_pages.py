"""The demo newsroom's static pages, in the project's own words: each town of the demo
network gets its own About, Contact and ethics policy, with its own name in them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Town:
    """What a town's pages say of it besides its name."""

    area: str
    email: str
    post: str


TOWNS = {
    "default": Town(
        area="the neighbourhoods between the river and the ridge",
        email="newsdesk@thelocalloop.example",
        post="12 Depot Street, Suite 3",
    ),
    "riverside": Town(
        area="the river towns, from the old mill to the ferry landing",
        email="desk@riversideloop.example",
        post="4 Ferry Landing, upstairs from the bait shop",
    ),
}
# A town the demo does not know (added by hand before seeding) gets plain words.
ANY_TOWN = Town(
    area="the town and its neighbourhoods", email="news@example.org", post="c/o the public library"
)


def pages_for(name: str, slug: str) -> list[dict]:
    """The three pages of the town with this name and slug."""
    town = TOWNS.get(slug, ANY_TOWN)
    filled = {"town": name, "area": town.area, "email": town.email, "post": town.post}
    return [
        {
            key: value.format(**filled) if isinstance(value, str) else value
            for key, value in page.items()
        }
        for page in PAGES
    ]


PAGES = [
    {
        "slug": "about",
        "title": "About {town}",
        "menu_order": 1,
        "body": (
            "<p>{town} is a small, independent newsroom covering {area}: city hall and the "
            "school board, the businesses "
            "on Main Street, the parks, the weather and the people who make this place "
            "home.</p>"
            "<h2>Who we are</h2>"
            "<p>Two reporters, an editor and a rotating cast of neighbours who send us what "
            "they see. We live here too, so we go to the meetings, read the budgets and "
            "answer our own phones.</p>"
            "<h2>How we are paid for</h2>"
            "<p>Readers who chip in each month, a handful of local advertisers and a "
            "community foundation grant. None of them decides what we cover, and advertising "
            "is always labelled as such.</p>"
        ),
    },
    {
        "slug": "contact",
        "title": "Contact the newsroom",
        "menu_order": 2,
        "body": (
            "<p>Saw something we should know about? Spotted a mistake? We read everything "
            "that comes in, and a person answers.</p>"
            "<h2>Tips and story ideas</h2>"
            '<p>Write to the news desk at <a href="mailto:{email}">'
            "{email}</a>. Tell us what happened, where and when, and "
            "how we can reach you. We never name a source without their agreement.</p>"
            "<h2>Corrections</h2>"
            "<p>If something we published is wrong, write to the same address with the "
            "story's headline and what needs fixing. See our "
            '<a href="/ethics-and-corrections/">ethics and corrections policy</a> for what '
            "happens next.</p>"
            "<h2>By post</h2>"
            "<p>{town}, {post}</p>"
        ),
    },
    {
        "slug": "ethics-and-corrections",
        "title": "Ethics & corrections policy",
        "menu_order": 3,
        "body": (
            "<p>We hold ourselves to a few plain rules, and we publish them so you can hold "
            "us to them too.</p>"
            "<h2>Accuracy first</h2>"
            "<p>We check what we report with more than one source whenever we can, and we "
            "say so when we could not. Opinion is labelled as opinion.</p>"
            "<h2>Independence</h2>"
            "<p>Reporters do not cover organisations they belong to or do business with. "
            "Sponsors, donors and advertisers see a story when readers do, not before.</p>"
            "<h2>Stories from our partners</h2>"
            "<p>Some stories come from partner newsrooms. Each one names the outlet that did "
            "the reporting and links to the original.</p>"
            "<h2>When we get it wrong</h2>"
            "<p>We fix it and say so. A dated correction goes at the end of the story, "
            "describing what was wrong and what is right; we do not quietly change facts. "
            "Small typos are fixed without a note.</p>"
            "<h2>Comments</h2>"
            "<p>Comments are moderated. Your email address is never published. We remove "
            "personal attacks, spam and anything that puts a person at risk.</p>"
        ),
    },
]
