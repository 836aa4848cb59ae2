# Varnish in front of the newsroom's app servers (Varnish 7 with varnish-modules' xkey).
#
#   varnishd -a :80 -f /srv/newsroom/deploy/varnish.vcl -s malloc,256m
#
# Anonymous readers share one stored copy of each public page for as long as its
# Cache-Control says; a change on the desk purges the copies that show it, by the keys in
# the page's Surrogate-Key header (the app sends PURGE with the keys in xkey-purge when
# CDN_PURGE=varnish and CDN_PURGE_URL names this server). Set the backend below to your
# app server (or a director over several) and list the app servers in the purgers ACL.
vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app servers, and nobody else.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from here."));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys to purge in the xkey-purge header."));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Purged + " objects."));
    }
    # Forms, comment posts and everything but reading go straight to the app.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The desk, previews, the comment endpoints (fresh form tokens, confirmation links)
    # and the read beacon are never stored.
    if (req.url ~ "^/(admin|preview|comments|read)/") {
        return (pass);
    }
    # Signed-in staff (the session cookie) and readers whose own held comment or saved
    # details show on their page (comments/own_comments.py) get a page of their own.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|comments_pending|comments_author)=") {
        return (pass);
    }
    # Any other cookie (the CSRF cookie, a trusted-browser mark, analytics) changes
    # nothing on a public page: without it, every reader shares the one copy.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # xkey indexes each stored object by the keys in its xkey header.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # Nothing else here: Varnish's built-in rules then keep what Cache-Control allows
    # (max-age, stale-while-revalidate as grace) and never store a private, no-store
    # or Set-Cookie response.
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
