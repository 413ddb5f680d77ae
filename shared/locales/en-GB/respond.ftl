# A responder's page to answer a published story.
respond-title = Answer a story
respond-title-about = Answer a story about { $service }
respond-back = Back to your stories
respond-about = A story about { $service }
respond-published-story = A published story
respond-public-page = The story's public page
respond-so-far = Answers so far
respond-change-yours = Change your answer (for 30 minutes after publishing)
respond-change-short = Is a change planned or made?
respond-save = Save the change
respond-delete = Delete this answer
respond-yours = Your answer
respond-at-once = Your answer is published at once on the story's public page, with your name, job title and service.
respond-answer = Answer
respond-change-question = Is a change planned or made because of this story?
respond-publish = Publish your answer
respond-unpublished = This story is no longer published, so it cannot be answered.
