"""The telephone hotline on Twilio Voice: speech for the ear, TwiML (pure), the call flow."""
