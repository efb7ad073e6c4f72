"""Recognition of foreign certificates: the foreign certification systems CONOCER knows,
the equivalences between their profiles and Mexican standards, and the requests of people
(with or without CURP) who ask for a foreign certificate to be recognised. A full
recognition issues a Mexican certificate through issuance; a partial one opens an
assessment limited to the units still to assess."""
