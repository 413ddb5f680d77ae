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
