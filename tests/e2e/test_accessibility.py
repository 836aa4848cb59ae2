"""Every public page: no axe-core violations and no Nu Html Checker errors."""

import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.a11y]

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
NPM_HINT = "run `npm ci --ignore-scripts` in tests/e2e (make e2e does)"


def each_public_page(page, site):
    """Visit each kind of public page; yield its name and the HTML the server sent."""
    page.goto(site + "/")
    story = page.get_by_role("link", name="Mayo Clinic and Microsoft").first.get_attribute("href")
    for name, path in {
        "home": "/",
        "section": "/section/community/",
        "tag": "/tag/health-care/",
        "author": "/author/editorial-staff/",
        "story with comments": story,
        "search": "/search/?q=library",
        "page": "/about/",
        "contact page": "/contact/",
        "404": "/no-such-page/",
        "submit community news": "/community/submit/",
        "submission sent": "/community/submit/sent/",
        "events": "/events/",
        "newsletter": "/newsletter/",
        "newsletter check email": "/newsletter/check-your-email/",
        **links_from_emails(),
    }.items():
        response = page.goto(site + path)
        yield name, response.text()
    page.goto(site + story)
    page.fill("#id_name", "")
    page.fill("#id_text", "Kept even though the name is missing.")
    with page.expect_response(lambda r: "/comments/post/" in r.url) as posted:
        page.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()
    yield "comment error page", posted.value.text()
    page.goto(site + "/community/submit/")
    page.fill("#id_headline", "Kept even though the name is missing.")
    with page.expect_response(lambda r: r.url.endswith("/community/submit/")) as posted:
        page.get_by_role("button", name="Send for review").click()
    page.wait_for_load_state()
    yield "submission error page", posted.value.text()


def links_from_emails() -> dict[str, str]:
    """The pages people reach from our emails: confirming news or a subscription, leaving."""
    from community.models import Submission
    from community.tokens import confirmation_token
    from newsletter.models import Subscriber
    from newsletter.tokens import confirmation_token as subscribe_token
    from newsletter.tokens import unsubscribe_token

    submission = Submission.objects.create(
        headline="Porch concert", text="Saturday.", name="Ida", email="ida@example.org"
    )
    subscriber = Subscriber.objects.create(email="ida@example.org")
    return {
        "confirm submission": f"/community/confirm/{confirmation_token(submission.pk)}/",
        "confirm subscription": "/newsletter/confirm/"
        f"{subscribe_token(subscriber.pk, digest=True, alerts=False)}/",
        "unsubscribe": f"/newsletter/unsubscribe/{unsubscribe_token(subscriber.pk, 'digest')}/",
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_public_page_has_no_axe_violations(site, open_page, scheme):
    assert AXE.exists(), f"axe-core missing: {NPM_HINT}"
    # axe is injected as a script, which the site's Content-Security-Policy rightly refuses.
    page = open_page(color_scheme=scheme, bypass_csp=True).page
    results = {}
    for name, _ in each_public_page(page, site):
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document)).violations")
        results[name] = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']})"
            for v in found
        ]

    print(f"\naxe-core ({scheme}):", {name: len(v) for name, v in results.items()})
    assert {name: v for name, v in results.items() if v} == {}


def test_every_public_page_is_valid_html(site, open_page, tmp_path):
    assert VNU.exists(), f"vnu-jar missing: {NPM_HINT}"
    page = open_page().page
    files = {}
    for name, html in each_public_page(page, site):
        files[name] = tmp_path / (name.replace(" ", "-") + ".html")
        files[name].write_text(html)
    checked = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--format", "gnu", *map(str, files.values())],
        capture_output=True,
        text=True,
    )
    errors = [line for line in checked.stderr.splitlines() if ": error:" in line]
    print(
        "\nNu Html Checker errors:", {n: sum(str(p) in e for e in errors) for n, p in files.items()}
    )
    assert errors == []
