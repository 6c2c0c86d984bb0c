-- Why the requester withdrew a case (optional, their own words). It is part of
-- the clinical record (the reason may be clinical: "seen at the hospital"), so
-- it lives on the case, not in the case events or audit details, which hold
-- non-clinical facts only.
alter table cases add column withdrawal_reason text
  check (withdrawal_reason is null or char_length(withdrawal_reason) between 1 and 500);
