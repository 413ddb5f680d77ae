# The printed poster of an invitation link.
poster-title = Poster: tell your story
poster-print-hint = This poster prints on one A4 sheet: use your browser's Print command.
poster-tell = Tell your story
poster-qr-label = QR code that opens
poster-scan = Scan the code with your phone's camera, or type
poster-step-tell = Tell us what happened and how you felt. You do not give your name.
poster-step-read = A moderator reads every story and removes anything that could identify you.
poster-step-answer = Your story is published, and the staff here are invited to answer it in public.
poster-footer = Tellcare: stories of health and care, answered in public.
