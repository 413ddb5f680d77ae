# The "Tell your story" form.
tell-title = Tell your story
tell-title-about = Tell your story about { $service }
tell-error-prefix = Error: { $title }
tell-intro = It takes about 5 minutes. A moderator reads every story before it is published, without your name, and the staff of the service are invited to answer.
tell-find-service = Find the service your story is about
tell-search = Search
tell-send = Send your story
tell-which-service = Which service is your story about?
tell-no-match = No service matches your search. Try another word.
tell-story-title = What is your story about?
tell-story-title-hint = A few words, like "Kind nurses on the night shift".
tell-body = What happened? How did you feel?
tell-body-hint = Do not include names or anything that could identify you or anyone else. A moderator will remove it if you do.
tell-when = When did it happen?
tell-about-you = About you
tell-username = Choose a username (optional)
tell-username-hint = Shown with your story instead of your name: 3 to 30 letters and numbers. Leave it empty and we will make one up.
tell-suggest = Suggest a username
tell-email = Your email address (optional)
tell-email-hint = Only to tell you when your story is published or answered, and if a moderator needs to ask you something. It is never shown or shared.
tell-postcode = Your postcode (optional)
tell-postcode-hint = Helps services understand who they reach. It is never shown.
tell-trap = Leave this empty
error-summary-title = There is a problem
error-prefix = Error:
tell-not-saved = We could not save your story just now. Nothing you typed is lost: press Send your story again.
tell-link-unknown = No invitation link has this address. Check it against the poster, or tell your story about any service at /tell.
tell-link-switched-off = The link you used was switched off while you were writing. Your story is still here: choose the service and send it.
tell-too-many = Many stories have been sent from your connection just now. Your story is still here: wait { $minutes } minutes, then press Send again.

# After a story is sent.
thanks-title = Thank you for your story
thanks-reference = Your reference
thanks-next = What happens next
thanks-step-read = A moderator reads your story, usually within 2 working days, and removes anything that could identify anyone.
thanks-step-published = Your story is published on Tellcare under your username.
thanks-step-answer-named = The staff of { $service } are invited to answer it in public.
thanks-step-answer = The staff of the service are invited to answer it in public.
thanks-email = If you gave your email address, we will tell you when your story is published and when it is answered.
thanks-survey-title = One more thing
thanks-survey = The service would also like you to answer a few questions of its own.
thanks-survey-go = Go on to the service's survey

# A link that takes no stories.
link-gone-title = This link is not taking stories
link-gone-disabled-named = The link you followed for { $service } has been switched off for now.
link-gone-disabled = The link you followed has been switched off for now.
link-gone-deleted-named = The link you followed for { $service } is no longer in use.
link-gone-deleted = The link you followed is no longer in use.
link-gone-archived-named = { $service } no longer takes new stories through Tellcare.
link-gone-archived = This service no longer takes new stories through Tellcare.
link-gone-still = You can still tell your story
link-gone-any = Tell a story about any service on Tellcare
link-gone-any-after = : you choose the service on the next page.
link-gone-read = Read about Tellcare and the services on it
link-gone-urgent = If your story is about something urgent, or someone is at risk, contact the service directly or call NHS 111.

# A link from an email that is too old.
link-expired-title = This link has expired
link-expired-why = Links in our emails work for { $days } days, so that nobody else can use an old one.
link-expired-renew = Email me a new link
link-expired-where = We send it to the address this link was sent to.
