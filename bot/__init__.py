"""OneTrip's domain: plain Python, importing neither rasa nor rasa_sdk."""
