# The moderators' pages: the queue, the story editor, and their labels.
criticality-level = { $level ->
    [0] Not critical
    [1] Minimally critical
    [2] Mildly critical
    [3] Moderately critical
    [4] Strongly critical
   *[5] Severely critical
}
hint-email = email address
hint-phone = phone number
hint-nhs-number = NHS number
hint-postcode = postcode
hint-date-of-birth = date (of birth?)
hint-name = name

# What happened to a story, in its audit trail.
event-received = received
event-edited = edited
event-published = published
event-rejected = rejected
event-held = held
event-author_contacted = author contacted
event-reopened = reopened
event-author_replied = author replied
event-withdrawn = withdrawn
event-reply_received = reply received
event-reply_published = reply published
event-reply_rejected = reply rejected
event-response_published = response published
event-link_requested = link requested
event-author_email_forgotten = author email forgotten
event-contact_erased = contact erased

# What the form before did, said on the page after it.
done-edited = Your changes are saved.
done-published = The story is published.
done-rejected = The story is rejected; the author will be told why.
done-held = The story is on hold.
done-author_contacted = Your question is on its way to the author.
done-reopened = The story is back in the queue.
done-contact_erased = The author's email address and postcode are erased.
done-created = The service is added.
done-responder-added = The responder is added.
done-responder-removed = The responder is removed.
done-link-made = The invitation link is made.
done-link-on = The invitation link takes stories again.
done-link-off = The invitation link is switched off: its page now says where else to go.
done-service-changed = The service is changed.
done-alerts-changed = Your emails are changed.
done-reply-published = The author's reply is published.
done-reply-rejected = The author's reply will not be published.

# The queue.
queue-title = { $status } – Moderation
queue-heading = Stories: { $status }
queue-replies = Authors' replies to read
queue-reply-waiting = A reply waiting { $age }
queue-service = Service
queue-all-services = All services
queue-told = Told
queue-any-way = Any way
queue-filter = Filter
queue-empty = No stories here.
queue-empty-filtered = No stories here with these filters.
queue-caption = Stories, oldest first
queue-story = Story
queue-waiting = Waiting
queue-services = Services
queue-may-identify = May identify
queue-no-hints = Nothing found
queue-oldest = These are the oldest { $count }.
queue-next = Next stories

# The story editor.
editor-title = { $title } – Moderation
editor-version = version { $version }
editor-told = told { $when }
editor-conflict = Someone else changed this story
editor-conflict-versions = Someone else changed this story after you opened it: you read version { $read }; it is now version { $current }.
editor-conflict-caption = What changed since you opened it
editor-who = Who
editor-what = What
editor-field = Field
editor-before = Before
editor-after = After
editor-now = now { $status }
editor-conflict-kept = Your own changes are still in the form below. Check them against the story as it is now, then save again.
editor-original = As the author wrote it
editor-original-deleted = Deleted: it is kept for { $days } days after a story is decided, and not after a withdrawal.
editor-may-identify = May identify someone
editor-no-hints = Nothing found. Read the story all the same.
editor-hint-place = { $kind } in the { $field ->
    [title] title
   *[body] story
}, at character { $start }
editor-marked = The moderated story, marked
editor-private = Private
editor-username = Username
editor-when = When
editor-email = Email
editor-postcode = Postcode
editor-none-given = None given, or deleted
editor-link = Link
editor-erase-hint = If the author asks us to forget them, erase their email address and postcode now. The audit trail records that you did, not what they were.
editor-erase = Erase the author's contact details
editor-moderated = Moderated story
editor-field-title = Title
editor-field-body = Story
editor-body-hint = Remove what could identify the author or a member of staff. Names stay only in positive stories.
editor-services = Services
editor-tags = Tags
editor-tags-hint = Separate tags with commas.
editor-criticality = How critical is it?
editor-save = Save changes
editor-publish = Save and publish
editor-note = Note for other moderators
editor-hold = Put on hold
editor-ask = Ask the author
editor-ask-hint = They are emailed your message and can answer from their link.
editor-ask-no-email = The author left no email address.
editor-ask-send = Send the question
editor-reason = Reason for rejecting
editor-reason-hint = The author is told this reason.
editor-reject = Reject
editor-reopen = Re-open for moderation
editor-answers = Answers and the author's replies
editor-author-replied = The author replied
editor-reply-waiting = Waiting for a moderator
editor-reply-published = Published
editor-reply-rejected = Not published
editor-reply-publish = Publish the reply
editor-reply-reject = Do not publish it
editor-audit = Audit trail
editor-audit-caption = Every step, oldest first
editor-details = Details
