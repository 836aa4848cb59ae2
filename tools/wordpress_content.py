"""What the benchmark's WordPress peer holds, written as SQL (see ``tools.wordpress_peer``).

The same site ``tools.seed_bench`` writes on our side (10,000 stories in five sections,
3 in 10 in Community, a story every ~53 minutes over a year), and one post with 50
approved comments, every fifth a reply, which WordPress then exports for our importer.
"""

SECTIONS = ["News", "Community", "Business", "Health", "Schools"]
STORY_SLUG = "neighbours-fill-the-library-meeting"
STORY_TITLE = "Neighbours fill the library meeting on the new branch hours"
STORY_COMMENTS = 50

BODY = "\n\n".join(
    [
        "The library board met on Tuesday evening to hear from residents about the branch's "
        "new opening hours, and the room was full well before the meeting began.",
        "Parents asked for later weekday hours so children can use the study rooms after "
        "practice; older residents asked that the Saturday morning hours stay as they are.",
        "<h2>What the board decided</h2>",
        "The board voted to open until 8 p.m. on Tuesdays and Thursdays from next month, "
        "paid for by moving two hours from Monday mornings, when the branch is quietest.",
        "Residents who could not attend can send comments to the board until the end of the "
        "month; the board meets again on the first Tuesday.",
    ]
)


def comment_text(number: int) -> str:
    """Each comment's own words, so a check can find every one of them on both pages."""
    return (
        f"Comment {number} from the meeting: the later hours would help our family, and "
        "thank you for covering the vote.\nSee you at the next board meeting."
    )


def quote(value: str) -> str:
    """A string literal for MariaDB (only the benchmark's own text is ever quoted)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def content_sql(stories: int) -> str:
    """The benchmark's site as SQL for a freshly installed WordPress: categories, posts
    as ``tools.seed_bench`` writes ours, the post with 50 comments by its own author."""
    post_columns = (
        "post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, "
        "post_status, comment_status, ping_status, post_name, to_ping, pinged, "
        "post_modified, post_modified_gmt, post_content_filtered, post_parent, guid, "
        "menu_order, post_type, comment_count"
    )
    body = "".join(
        f"<p>Paragraph {n} of the story, with enough words to look like local reporting: the "
        "council met, residents spoke, and the vote is set for next month.</p>"
        + ("<h2>What comes next</h2>" if n == 3 else "")
        for n in range(8)
    )
    statements = [
        "UPDATE wp_options SET option_value = '/%year%/%monthnum%/%day%/%postname%/' "
        "WHERE option_name = 'permalink_structure';",
        "DELETE FROM wp_options WHERE option_name = 'rewrite_rules';",
        # The installer's sample post, page and comment are not part of the comparison.
        "DELETE FROM wp_posts; DELETE FROM wp_comments; DELETE FROM wp_postmeta;",
        "DELETE FROM wp_term_relationships;",
    ]
    for number, name in enumerate(SECTIONS, start=2):
        statements.append(
            f"INSERT INTO wp_terms (term_id, name, slug) VALUES "
            f"({number}, {quote(name)}, {quote(name.lower())});"
            f"INSERT INTO wp_term_taxonomy (term_taxonomy_id, term_id, taxonomy, description) "
            f"VALUES ({number}, {number}, 'category', '');"
        )
    # As tools/seed_bench: a story every ~53 minutes over a year, 30 % of them in Community.
    statements.append(
        f"INSERT INTO wp_posts ({post_columns}) SELECT 1, "
        f"UTC_TIMESTAMP() - INTERVAL seq * 31536 / {stories} * 1000 SECOND - INTERVAL 5 MINUTE, "
        f"UTC_TIMESTAMP() - INTERVAL seq * 31536 / {stories} * 1000 SECOND - INTERVAL 5 MINUTE, "
        f"{quote(body)}, CONCAT('Local story number ', seq), "
        "'What happened, in a sentence a neighbour would use.', 'publish', 'open', 'open', "
        "CONCAT('local-story-', seq), '', '', UTC_TIMESTAMP(), UTC_TIMESTAMP(), '', 0, '', 0, "
        f"'post', 0 FROM seq_0_to_{stories - 1};"
    )
    statements.append(
        "INSERT INTO wp_term_relationships (object_id, term_taxonomy_id) "
        "SELECT ID, CASE WHEN CAST(SUBSTRING(post_name, 13) AS UNSIGNED) < "
        f"{stories * 3 // 10} THEN 3 ELSE ELT(1 + ID % 4, 2, 4, 5, 6) END "
        "FROM wp_posts WHERE post_type = 'post';"
    )
    # The post with comments has an author of its own, so the exporter can pick it out.
    statements.append(
        "INSERT INTO wp_users (user_login, user_pass, user_nicename, user_email, "
        "user_registered, display_name) VALUES ('reporter', '', 'reporter', "
        "'reporter@thelocalloop.example', UTC_TIMESTAMP(), 'Riley Reporter');"
        "SET @reporter = LAST_INSERT_ID();"
        "INSERT INTO wp_usermeta (user_id, meta_key, meta_value) VALUES "
        "(@reporter, 'wp_capabilities', 'a:1:{s:6:\"author\";b:1;}'), "
        "(@reporter, 'wp_user_level', '2');"
    )
    statements.append(
        f"INSERT INTO wp_posts ({post_columns}) VALUES (@reporter, "
        "UTC_TIMESTAMP() - INTERVAL 3 HOUR, UTC_TIMESTAMP() - INTERVAL 3 HOUR, "
        f"{quote(BODY)}, {quote(STORY_TITLE)}, "
        "'Parents asked for evenings, older readers for Saturday mornings.', 'publish', "
        f"'open', 'open', {quote(STORY_SLUG)}, '', '', UTC_TIMESTAMP(), UTC_TIMESTAMP(), '', "
        f"0, '', 0, 'post', {STORY_COMMENTS});"
        "SET @story = LAST_INSERT_ID();"
        "INSERT INTO wp_term_relationships (object_id, term_taxonomy_id) VALUES (@story, 2);"
    )
    for number in range(1, STORY_COMMENTS + 1):
        # Every fifth comment answers the one before it, as threads go.
        parent = f"@comment{number - 1}" if number % 5 == 0 else "0"
        statements.append(
            "INSERT INTO wp_comments (comment_post_ID, comment_author, comment_author_email, "
            "comment_author_url, comment_author_IP, comment_date, comment_date_gmt, "
            "comment_content, comment_approved, comment_agent, comment_type, comment_parent, "
            f"user_id) VALUES (@story, {quote(f'Neighbour {number}')}, "
            f"{quote(f'neighbour{number}@example.org')}, '', '203.0.113.{number}', "
            f"UTC_TIMESTAMP() - INTERVAL {180 - 2 * number} MINUTE, "
            f"UTC_TIMESTAMP() - INTERVAL {180 - 2 * number} MINUTE, "
            f"{quote(comment_text(number))}, '1', '', 'comment', {parent}, 0);"
            f"SET @comment{number} = LAST_INSERT_ID();"
        )
    statements.append(
        "UPDATE wp_term_taxonomy SET count = (SELECT COUNT(*) FROM wp_term_relationships r "
        "WHERE r.term_taxonomy_id = wp_term_taxonomy.term_taxonomy_id) "
        "WHERE taxonomy = 'category';"
    )
    return "\n".join(statements)
