// Every feature's demo data, registered as seed hooks (run in this order, in the seed's
// transaction). `npm start` (main.ts) and `npm run seed` both import this list, so the demo is
// the same whichever way it was created.
import '../auth/demo-totp.ts';
import '../appointments/demo-availability.ts';
import '../prescriptions/demo-appointment.ts';
import '../visits/demo-visit.ts';
