//! Search and feeds as a new user meets them, on a stack with the demo data: a service found by
//! its name mistyped, a story found by its words once published (and after an edit, by its new
//! words) and gone once withdrawn; its service's Atom feed read by a real feed parser; what is
//! not published never found; the index and the feeds rebuilt from the table by one command.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use tellcare_stack::StackOptions;
use tellcare_stack::streams::StreamFaults;
use tellcare_stack::testing::browser::{axe_violations, browser};
use tellcare_stack::testing::{TestApp, eventually_within, spawn_app_with};

/// How long an indexed change may take to be found: the contract is a minute.
const WITHIN_A_MINUTE: Duration = Duration::from_secs(60);

async fn seeded() -> TestApp {
    spawn_app_with(StackOptions { seed: true, ..StackOptions::isolated() }).await
}

async fn seed(app: &TestApp) -> Value {
    app.get("/dev/seed.json").await.json().await.unwrap()
}

/// `GET /api/search?{query}`, which must answer 200.
async fn search(app: &TestApp, query: &str) -> Value {
    let response = app.get(&format!("/api/search?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

fn ids(found: &Value, kind: &str) -> Vec<String> {
    found[kind].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect()
}

/// Waits until a search for `words` finds `story` (or, with `found` false, no longer does).
async fn until_found(app: &TestApp, words: &str, story: &str, found: bool) -> Value {
    let what = format!("'{words}' {} {story}", if found { "to find" } else { "no longer to find" });
    eventually_within(&what, WITHIN_A_MINUTE, || async {
        let answer = search(app, &format!("q={words}")).await;
        (ids(&answer, "stories").iter().any(|id| id == story) == found).then_some(answer)
    })
    .await
}

/// A feed, as a feed reader reads it.
async fn feed(app: &TestApp, path: &str) -> feed_rs::model::Feed {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], "application/atom+xml; charset=utf-8");
    assert_eq!(response.headers()["cache-control"], "public, max-age=300");
    feed_rs::parser::parse(response.bytes().await.unwrap().as_ref()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn entry_ids(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries.iter().map(|e| e.id.rsplit('/').next().unwrap().to_owned()).collect()
}

const BODY: &str = "The xylophonic music in the waiting room calmed my father while we waited for his discharge.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mistyped_service_is_found_and_a_story_is_found_once_published_and_gone_once_withdrawn() {
    let app = seeded().await;
    let seed = seed(&app).await;
    let cafe = seed["link_service"].as_str().unwrap().to_owned();
    let community = seed["community_services"].as_str().unwrap().to_owned();

    // "carers cafe" with no apostrophe and one letter wrong finds "Carers' Cafe", in its place.
    let found = eventually_within("the seeded services to be indexed", WITHIN_A_MINUTE, || async {
        Some(search(&app, "q=carers%20cafw").await).filter(|f| !ids(f, "services").is_empty())
    })
    .await;
    assert_eq!(ids(&found, "services"), std::slice::from_ref(&cafe));
    assert_eq!(found["services"][0]["name"], "Carers' Cafe");
    assert_eq!(found["services"][0]["parent_id"], community.as_str());
    assert_eq!(found["services"][0]["place"].as_array().unwrap().last().unwrap(), "Community Services");

    let admin = app.login("admins").await;
    let id = app.tell(&[&cafe], "finder@example.org", BODY).await;
    app.publish(&admin, &id, 1).await;
    let found = until_found(&app, "xylophonic", &id, true).await;
    let story = &found["stories"][0];
    assert_eq!(story["title"], "The night staff were kind");
    let excerpt = story["excerpt"].as_str().unwrap();
    let [from, to] = [0, 1].map(|i| story["highlights"][0][i].as_u64().unwrap() as usize);
    assert_eq!(excerpt.chars().skip(from).take(to - from).collect::<String>(), "xylophonic");
    // Stemmed: "waits" finds "waiting" and "waited".
    until_found(&app, "waits", &id, true).await;

    // The page works without JavaScript, marks the words, and passes axe.
    let page = app.get("/search?q=xylophonic").await.text().await.unwrap();
    assert!(page.contains(&format!("href=\"/stories/{id}\"")) && page.contains("<mark>xylophonic</mark>"), "{page}");
    let client = browser().await;
    client.goto(&format!("{}/search?q=carers+cafw", app.url)).await.unwrap();
    let link = client.find(fantoccini::Locator::Css(".cards a")).await.unwrap();
    assert_eq!(link.text().await.unwrap(), "Carers' Cafe");
    assert!(axe_violations(&client).await.is_empty());
    // The box in the header of a public page leads to the results.
    client.goto(&format!("{}/stories/{id}", app.url)).await.unwrap();
    client.find(fantoccini::Locator::Css("#site-search")).await.unwrap().send_keys("xylophonic").await.unwrap();
    client.find(fantoccini::Locator::Css(".site-search button")).await.unwrap().click().await.unwrap();
    eventually_within("the results page", Duration::from_secs(10), || async {
        client.current_url().await.ok().filter(|u| u.path() == "/search")
    })
    .await;
    assert!(client.source().await.unwrap().contains(&format!("/stories/{id}")));
    assert!(axe_violations(&client).await.is_empty(), "{:?}", axe_violations(&client).await);
    client.close().await.unwrap();

    // Its service's feed and the feed of the service above it hold it first, and the site's.
    for path in [format!("/services/{cafe}/feed.atom"), format!("/services/{community}/feed.atom"), "/feed.atom".into()]
    {
        let feed = eventually_within(&format!("{path} to hold the story"), WITHIN_A_MINUTE, || async {
            let feed = feed(&app, &path).await;
            (entry_ids(&feed).first() == Some(&id)).then_some(feed)
        })
        .await;
        let entry = &feed.entries[0];
        assert_eq!(entry.title.as_ref().unwrap().content, "The night staff were kind");
        let content = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
        assert!(content.contains("xylophonic"), "{content}");
        assert_eq!(entry.links[0].href, format!("{}/stories/{id}", app.url));
    }
    let cafe_page = app.get(&format!("/services/{cafe}")).await.text().await.unwrap();
    assert!(cafe_page.contains(&format!("type=\"application/atom+xml\" href=\"/services/{cafe}/feed.atom\"")));

    // Withdrawn: no longer found, nor in any feed.
    let mine = app.link_in(&app.email_to("finder@example.org", "We have your story").await, "/my-story/");
    assert_eq!(app.post_form(&format!("{mine}/withdraw"), &[("confirm", "yes")]).await.status(), 303);
    until_found(&app, "xylophonic", &id, false).await;
    for path in [format!("/services/{cafe}/feed.atom"), "/feed.atom".into()] {
        eventually_within(&format!("{path} to drop the story"), WITHIN_A_MINUTE, || async {
            (!entry_ids(&feed(&app, &path).await).contains(&id)).then_some(())
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_not_published_is_never_found_an_edit_is_and_a_record_delivered_twice_does_no_harm() {
    // Half the stream's batches come twice and a quarter late.
    let faults = StreamFaults { duplicate: 0.5, reorder: 0.25 };
    let app = spawn_app_with(StackOptions { stream_faults: faults, ..StackOptions::isolated() }).await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7 & Day Unit", None).await;
    let waiting = app.tell(&[&ward], "", "A quokka on the ward's poster cheered up everyone waiting here.").await;
    let published = app.tell(&[&ward], "", "The quokka mural by the lifts is lovely, and so were the nurses.").await;
    app.publish(&admin, &published, 1).await;
    let found = until_found(&app, "quokka", &published, true).await;
    assert_eq!(
        ids(&found, "stories"),
        std::slice::from_ref(&published),
        "once, and never the story awaiting moderation"
    );
    // "&" is "and".
    let found = search(&app, "q=ward%207%20and%20day").await;
    assert_eq!(ids(&found, "services"), std::slice::from_ref(&ward));

    // A moderator edits the published story: its new words are found, its old ones are not.
    let (status, story) = app.staff(Method::GET, &format!("/admin/api/stories/{published}"), &admin, None).await;
    assert_eq!(status, 200);
    let edit = json!({"version": story["version"], "body": "The wallaby mural by the lifts is lovely, and so were the nurses."});
    let (status, body) = app.staff(Method::PATCH, &format!("/admin/api/stories/{published}"), &admin, Some(edit)).await;
    assert_eq!(status, 200, "{body}");
    until_found(&app, "wallaby", &published, true).await;
    until_found(&app, "quokka", &published, false).await;
    let feed = feed(&app, &format!("/services/{ward}/feed.atom")).await;
    assert_eq!(entry_ids(&feed), std::slice::from_ref(&published));
    let content = feed.entries[0].content.as_ref().and_then(|c| c.body.clone()).unwrap();
    assert!(content.contains("wallaby") && !content.contains("quokka"), "{content}");
    assert!(search(&app, "q=quokka").await["stories"].as_array().unwrap().is_empty(), "{waiting} is not published");
    assert!(app.stack.shared.dead_letters.records().is_empty());
}

#[tokio::test]
async fn bad_searches_are_refused_clearly_and_the_page_keeps_what_was_typed() {
    let app = spawn_app_with(StackOptions::isolated()).await;
    let refused = |query: &'static str, field: &'static str| {
        let app = &app;
        async move {
            let response = app.get(&format!("/api/search?{query}")).await;
            assert_eq!(response.status(), 422, "{query}");
            let body: Value = response.json().await.unwrap();
            let fields: Vec<&str> =
                body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
            assert_eq!(fields, [field], "{query}: {body}");
        }
    };
    refused("", "q").await;
    refused("q=%20%20", "q").await;
    refused("q=tea&cursor=not-a-cursor", "cursor").await;
    refused("q=tea&service_id=nope", "service_id").await;
    refused("q=tea&from=yesterday", "from").await;
    let long = "a".repeat(201);
    let response = app.get(&format!("/api/search?q={long}")).await;
    assert_eq!(response.status(), 422);
    // A query language's syntax is read as words, never an error.
    let response = app.get("/api/search?q=tea%20AND%20(%22parking").await;
    assert_eq!(response.status(), 200);

    let response = app.get("/search?q=tea%20room&from=31%2F12").await;
    assert_eq!(response.status(), 422);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = response.text().await.unwrap();
    assert!(page.contains("value=\"tea room\"") && page.contains("value=\"31/12\""), "as typed: {page}");
    assert!(page.contains("Give a date like 2026-11-01"), "{page}");
    let welsh = app.get("/search?q=te&from=31%2F12&lang=cy").await.text().await.unwrap();
    assert!(welsh.contains("Rhowch ddyddiad fel 2026-11-01"), "{welsh}");

    assert_eq!(app.get("/services/01ARZ3NDEKTSV4RRFFQ69G5FAV/feed.atom").await.status(), 404);
    assert_eq!(app.get("/services/not-an-id/feed.atom").await.status(), 404);
    // A service with nothing published yet has a feed with no entries, named for it.
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 9", None).await;
    let feed = feed(&app, &format!("/services/{ward}/feed.atom")).await;
    assert!(feed.entries.is_empty());
    assert_eq!(feed.title.unwrap().content, "Stories about Ward 9");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_and_the_feeds_are_rebuilt_from_the_table_by_one_command() {
    let app = spawn_app_with(StackOptions::isolated()).await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 11", None).await;
    let id = app.tell(&[&ward], "", "The pharmacist explained every tablet twice, patiently and kindly.").await;
    app.publish(&admin, &id, 1).await;
    until_found(&app, "pharmacist", &id, true).await;

    // The bucket loses the index and the table the feed entries, as a restore might.
    let shared = &app.stack.shared;
    let s3 = shared.aws.s3.get();
    let listed = s3.list_objects_v2().bucket(&shared.config.assets_bucket).prefix("search/").send().await.unwrap();
    assert!(!listed.contents().is_empty());
    for object in listed.contents() {
        s3.delete_object().bucket(&shared.config.assets_bucket).key(object.key().unwrap()).send().await.unwrap();
    }
    let feed_items = app.query(None, "pk", &format!("STORY#{id}")).await;
    for item in feed_items.iter().filter(|i| i["sk"].as_s().unwrap().starts_with("FEED#")) {
        let key = [("pk", item["pk"].clone()), ("sk", item["sk"].clone())].into_iter().map(|(k, v)| (k.to_owned(), v));
        shared
            .aws
            .dynamodb
            .delete_item()
            .table_name(&shared.config.table_name)
            .set_key(Some(key.collect()))
            .send()
            .await
            .unwrap();
    }
    until_found(&app, "pharmacist", &id, false).await;
    assert!(feed(&app, "/feed.atom").await.entries.is_empty());

    let store = app.store();
    let indexer = indexer::Indexer::over(store, s3.clone(), &shared.config.assets_bucket);
    let rebuilt = indexer.rebuild().await.unwrap();
    assert_eq!((rebuilt.stories, rebuilt.published, rebuilt.services), (1, 1, 1));
    // Run again, it changes nothing: one story, one service.
    indexer.rebuild().await.unwrap();
    let found = until_found(&app, "pharmacist", &id, true).await;
    assert_eq!(ids(&found, "stories"), std::slice::from_ref(&id));
    assert_eq!(ids(&search(&app, "q=ward%2011").await, "services"), [ward]);
    assert_eq!(entry_ids(&feed(&app, "/feed.atom").await), [id]);
}

/// `GET /admin/api/search?{query}` with `token`, which must answer 200; the stories' ids and
/// statuses.
async fn staff_search(app: &TestApp, token: &str, query: &str) -> Vec<(String, String)> {
    let (status, body) = app.staff(Method::GET, &format!("/admin/api/search?{query}"), token, None).await;
    assert_eq!(status, 200, "{query}: {body}");
    body["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_owned(), s["status"].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_search_within_each_persons_reach_and_never_in_public() {
    let app = seeded().await;
    let seed = seed(&app).await;
    let cafe = seed["link_service"].as_str().unwrap().to_owned();
    let walks = seed["projects"][1].as_str().unwrap().to_owned();
    let (admin, moderator) = (app.login("admins").await, app.login("moderators").await);

    // Told with a name in it, which the moderator takes out, then held with a note.
    let held = app.tell(&[&cafe], "", "Nurse Quillfeather at the cafe was rude, and the tea came cold and late.").await;
    let edit = json!({"version": 1, "body": "A nurse at the cafe was rude, and the tea came cold and late."});
    assert_eq!(app.staff(Method::PATCH, &format!("/admin/api/stories/{held}"), &moderator, Some(edit)).await.0, 200);
    let hold = json!({"version": 2, "note": "Ask the cafe's manager about the zephyrine rota first."});
    let (status, body) =
        app.staff(Method::POST, &format!("/admin/api/stories/{held}/hold"), &moderator, Some(hold)).await;
    assert_eq!(status, 200, "{body}");
    // Published at each project, both with the same word.
    let at_cafe = app.tell(&[&cafe], "", "The marmalade on toast at the carers' group was a lovely touch.").await;
    let at_walks = app.tell(&[&walks], "", "We stopped for marmalade sandwiches halfway round the walk.").await;
    for id in [&at_cafe, &at_walks] {
        app.publish(&admin, id, 1).await;
    }

    // A moderator finds the held story by the text as its author wrote it, and by the note.
    let on_hold = [(held.clone(), "on_hold".to_owned())];
    // Told, edited and held come through the stream in their order: wait for the last.
    eventually_within("the held story in the staff index", WITHIN_A_MINUTE, || async {
        (staff_search(&app, &moderator, "q=quillfeather").await == on_hold).then_some(())
    })
    .await;
    assert_eq!(staff_search(&app, &moderator, "q=zephyrine").await, on_hold);
    assert!(staff_search(&app, &moderator, "q=zephyrine&status=published").await.is_empty());
    let page = app.page_as(&moderator, "/admin/search?q=zephyrine").await;
    assert!(page.contains(&format!("href=\"/admin/stories/{held}\"")) && page.contains("<mark>zephyrine</mark>"));

    // Priya answers for the cafe: she finds its published story, never the walks' nor the held one.
    let priya = app.member_login("priya.shah@riverside.example").await;
    let found = eventually_within("both published stories in the public index", WITHIN_A_MINUTE, || async {
        Some(search(&app, "q=marmalade").await).filter(|f| ids(f, "stories").len() == 2)
    })
    .await;
    assert_eq!(ids(&found, "stories").len(), 2, "the public finds both");
    assert_eq!(staff_search(&app, &priya, "q=marmalade").await, [(at_cafe.clone(), "published".to_owned())]);
    assert!(staff_search(&app, &priya, "q=zephyrine").await.is_empty());
    assert!(staff_search(&app, &priya, "q=quillfeather").await.is_empty());
    // Sam manages Community Services: both projects are under it.
    let sam = app.member_login("sam.patel@riverside.example").await;
    assert_eq!(staff_search(&app, &sam, "q=marmalade").await.len(), 2);

    // The public never finds what is not published, nor the text as written, nor notes.
    for words in ["quillfeather", "zephyrine"] {
        assert!(search(&app, &format!("q={words}")).await["stories"].as_array().unwrap().is_empty(), "{words}");
    }
    // Someone signed in who is neither a moderator nor a service's staff is refused.
    let nobody = app.sign(&app.claims("visitors"));
    let (status, _) = app.staff(Method::GET, "/admin/api/search?q=tea", &nobody, None).await;
    assert_eq!(status, 403);
    let (status, body) = app.staff(Method::GET, "/admin/api/search?status=lost&q=tea", &moderator, None).await;
    assert_eq!(status, 422, "{body}");

    // Once decided, the text as written is no longer searched (the editor still shows it).
    let (_, story) = app.staff(Method::GET, &format!("/admin/api/stories/{held}"), &moderator, None).await;
    let publish = json!({"version": story["version"]});
    let (status, body) =
        app.staff(Method::POST, &format!("/admin/api/stories/{held}/publish"), &moderator, Some(publish)).await;
    assert_eq!(status, 200, "{body}");
    eventually_within("the text as written to leave the staff index", WITHIN_A_MINUTE, || async {
        staff_search(&app, &moderator, "q=quillfeather").await.is_empty().then_some(())
    })
    .await;
    assert_eq!(staff_search(&app, &moderator, "q=zephyrine").await, [(held.clone(), "published".to_owned())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_writers_at_once_lose_nothing_and_readers_always_find_a_whole_index() {
    use tellcare_search::{Change, IndexBucket, Keeper, Shelf};
    let app = spawn_app_with(StackOptions::isolated()).await;
    let shared = &app.stack.shared;
    let bucket = IndexBucket::new(shared.aws.s3.get().clone(), &shared.config.assets_bucket);
    let scratch = |name: &str| std::env::temp_dir().join(format!("tellcare-writers-{name}-{}", ulid::Ulid::generate()));
    let docs = |word: &str| -> Vec<Change> {
        (0..10)
            .map(|i| {
                let doc = published_doc(
                    format!("Story {i}"),
                    format!("A {word} story, number {i}, long enough to be a story."),
                );
                Change::Story(doc.id, Some(doc))
            })
            .collect()
    };
    // A rebuild and the indexer, say, each from the same version: the second to store starts
    // again from the first's, so both are kept.
    let (first, second) = (Keeper::new(bucket.clone(), scratch("a")), Keeper::new(bucket.clone(), scratch("b")));
    for round in 0..3 {
        let (a, b) = tokio::join!(first.apply(docs("kestrel")), second.apply(docs("plover")));
        a.unwrap();
        b.unwrap();
        let shelf = Shelf::new(bucket.clone(), scratch("reader"));
        let index = shelf.index().await.unwrap();
        let ask = |words: &str| tellcare_search::StoryQuery { words: words.into(), limit: 100, ..Default::default() };
        assert_eq!(index.stories(&ask("kestrel")).unwrap().hits.len(), 10 * (round + 1));
        assert_eq!(index.stories(&ask("plover")).unwrap().hits.len(), 10 * (round + 1));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_lives_in_a_few_packs_and_an_index_stored_a_file_an_object_still_reads() {
    use tellcare_search::bucket::MOST_PACKS;
    use tellcare_search::index::Writing;
    use tellcare_search::{Change, IndexBucket, Keeper, Shelf, StoryQuery};
    let app = spawn_app_with(StackOptions::isolated()).await;
    let shared = &app.stack.shared;
    let (s3, name) = (shared.aws.s3.get().clone(), shared.config.assets_bucket.clone());
    let bucket = IndexBucket::new(s3.clone(), &name);
    let scratch = |label: &str| std::env::temp_dir().join(format!("tellcare-packs-{label}-{}", ulid::Ulid::generate()));
    let story = |word: &str| {
        let doc = published_doc(
            format!("About the {word}"),
            format!("The {word} was the part of the visit I remember best, all told."),
        );
        (doc.id, doc)
    };
    let found = |index: &tellcare_search::SearchIndex, word: &str| {
        let ask = StoryQuery { words: word.into(), limit: 10, ..Default::default() };
        index.stories(&ask).unwrap().hits.len()
    };
    let objects = || async {
        let listed = s3.list_objects_v2().bucket(&name).prefix("search/files/").send().await.unwrap();
        listed.contents().iter().map(|o| o.key().unwrap().to_owned()).collect::<Vec<_>>()
    };

    // An index as a version before packs left it: each file an object, and a manifest naming them.
    let (legacy_id, legacy) = story("heron");
    let built = scratch("legacy");
    let mut writing = Writing::open(&built).unwrap();
    writing.story(legacy_id, Some(&legacy)).unwrap();
    let segments = writing.commit().unwrap();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&built).unwrap() {
        let file = entry.unwrap().file_name().into_string().unwrap();
        if segments.iter().any(|s| file.starts_with(s.as_str())) {
            let body = std::fs::read(built.join(&file)).unwrap();
            let key = format!("search/files/{file}");
            s3.put_object().bucket(&name).key(key).body(body.into()).send().await.unwrap();
            files.push(file);
        }
    }
    assert!(files.len() > MOST_PACKS, "a segment is more files than a version keeps packs: {files:?}");
    let meta = std::fs::read_to_string(built.join("meta.json")).unwrap();
    let manifest = serde_json::to_vec(&json!({ "files": files, "meta": meta })).unwrap();
    s3.put_object().bucket(&name).key("search/manifest.json").body(manifest.into()).send().await.unwrap();
    let reader = Shelf::new(bucket.clone(), scratch("reader"));
    assert_eq!(found(&reader.index().await.unwrap(), "heron"), 1, "read as it was stored");

    // The writer's first push packs it; each push after adds a pack, never more than the most.
    let keeper = Keeper::new(bucket.clone(), scratch("writer"));
    let words = ["plover", "curlew", "dunlin", "avocet", "godwit", "redshank", "lapwing"];
    for word in words {
        let (id, doc) = story(word);
        keeper.apply(vec![Change::Story(id, Some(doc))]).await.unwrap();
        let stored = objects().await;
        assert!(stored.len() <= MOST_PACKS, "after {word}: {stored:?}");
        assert!(stored.iter().all(|key| key.ends_with(".pack")), "the files stored alone are gone: {stored:?}");
    }
    // A reader starting cold finds every story, the one from before packs too.
    let cold = Shelf::new(bucket.clone(), scratch("cold"));
    let index = cold.index().await.unwrap();
    for word in words.iter().chain(&["heron"]) {
        assert_eq!(found(&index, word), 1, "{word}");
    }
    // And the reader that read the old version catches up, past its freshness.
    tokio::time::sleep(tellcare_search::FRESH_FOR).await;
    assert_eq!(found(&reader.index().await.unwrap(), "lapwing"), 1);

    // A story taken out leaves every object, though its segment came to share a pack with others.
    let (id, doc) = story("oystercatcherly");
    keeper.apply(vec![Change::Story(id, Some(doc))]).await.unwrap();
    for word in ["sanderling", "whimbrel", "greenshank", "turnstone", "knot"] {
        let (other, doc) = story(word);
        keeper.apply(vec![Change::Story(other, Some(doc))]).await.unwrap();
    }
    let holding = || async {
        let mut holding = Vec::new();
        for key in objects().await {
            let body = s3.get_object().bucket(&name).key(&key).send().await.unwrap().body.collect().await.unwrap();
            if String::from_utf8_lossy(&body.into_bytes()).contains("oystercatcherly") {
                holding.push(key);
            }
        }
        holding
    };
    assert!(!holding().await.is_empty(), "the word is in the bucket while the story is");
    keeper.apply(vec![Change::Story(id, None)]).await.unwrap();
    assert_eq!(holding().await, Vec::<String>::new());
    assert_eq!(found(&Shelf::new(bucket, scratch("after")).index().await.unwrap(), "sanderling"), 1);
    let _ = std::fs::remove_dir_all(built);
}

/// A story as the indexer would write it, published now, in English, with no answers.
fn published_doc(title: String, body: String) -> tellcare_search::StoryDoc {
    let now = time::OffsetDateTime::now_utc();
    tellcare_search::StoryDoc {
        id: tellcare::domain::StoryId::on_day_of(now),
        title,
        body,
        answers: vec![],
        within: vec![],
        published_at: now,
        language: tellcare::domain::Language::English,
    }
}
