# A published story's page.
story-about = A story about
story-by = by { $username }
story-published = published { $date }
story-answers = Answers and replies
story-no-answers = No answers yet.
story-replied = { $username } replied
story-tell-yours = Tell your own story
story-not-found = There is no published story at this address.

# A service's page.
service-caption = Service
service-older-title = (older stories)
service-record = The last 12 months
service-published = Stories published
service-published-under = Stories published, here and in the services under it
service-answered = Of them, answered by the service
service-none-yet = None published yet
service-changes = Changes made because of a story
service-part-of = Part of { $service }
service-stories = Stories
service-no-more = No more stories.
service-no-stories = No stories have been published about { $service } yet.
service-newest = Newest stories
service-older = Older stories

# Search: the box on every public page, and the search page.
search-title = Search
search-title-for = Search: { $words }
search-label = Search for a service or for stories
search-hint = A service's name, or words from stories and their answers: "discharge", "waiting", "parking".
search-placeholder = Services and stories
search-button = Search
search-service = Within service
search-dates = Published between dates
search-from = From (for example 2026-11-01)
search-to = To (for example 2026-11-30)
search-within = Searching within { $service }.
search-everywhere = Search everywhere
search-services = Services
search-part-of = Part of { $place }
search-stories = Stories
search-more-stories = More stories
search-no-more = No more stories.
search-nothing = No published story has the words “{ $words }”. Try fewer words, or other ones.
search-next = Next page of stories
search-missing = Type some words to search for
search-too-long = Type { $max } characters or fewer
search-cursor = Follow "Next page of stories" from the page before

# Atom feeds of published stories.
feed-site-title = Stories on Tellcare
feed-service-title = Stories about { $service }
feed-subtitle = The newest published stories of care, with the answers of the people who give it.
feed-answer = Answer
feed-follow = Follow new stories (Atom feed)

# The home page's latest stories, and a service page's search.
home-latest = Latest stories
home-no-stories = No stories have been published yet.
home-answered-by = Answered by { $responder }
service-search = Search the stories of { $service }
