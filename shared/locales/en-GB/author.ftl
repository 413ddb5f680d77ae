# The author's own page of their story.
my-story-title = Your story
my-story-caption = Your story · reference { $reference }
my-story-awaiting_moderation = A moderator is reading your story. We will email you when it is published.
my-story-on_hold = A moderator is checking something before your story is published.
my-story-awaiting_author = A moderator has asked you a question by email. Answer it below, and your story goes back to them.
my-story-published = Your story is published. The staff of the service can answer it in public.
my-story-rejected = We could not publish your story. We have emailed you why.
my-story-withdrawn = You withdrew your story. It is no longer on the website.
my-story-answers = Answers
my-story-no-answers = No answers yet. We will email you when the service answers.
my-story-replies = Your replies
my-story-reply-waits = Waiting for a moderator
my-story-reply-published = Published
my-story-reply-not-published = Not published
my-story-reply = Reply
my-story-reply-hint = A moderator reads your reply before it is published.
my-story-send-reply = Send your reply
my-story-withdraw-title = Withdraw your story
my-story-withdraw-what = Your story leaves the website at once. Emails already sent stay sent.
my-story-confirm = I want to withdraw my story
my-story-confirm-missing = Tick the box to say you want to withdraw your story
my-story-withdraw = Withdraw my story
my-story-withdraw-deletes = Withdrawing also deletes your email address, your postcode and your story as you wrote it.
my-story-forget-title = Forget my email address
my-story-forget-what = We delete your email address at once and do not email you again. Keep this page's address to come back.
my-story-forgotten = Your email address is deleted. We will not email you again; this page still works from your link.
my-story-no-email = We hold no email address for this story.

# Emailed links.
link-renewing-title = We are emailing you a new link
link-renewing = It should arrive in a few minutes. Check your junk folder if it does not.
link-not-ours = This link is not one we sent. Check it was copied whole.
link-closed-to-answers = This story is no longer open to answers through this link.
