"""Trust: the registry's signatures, credentials and status list, as pure functions over
a certificate's frozen claims (`claims.Claims`). No models, no database; it imports only
the ground floor."""
