package dev.normalizer.customer;

import dev.normalizer.audit.AuditLog;
import dev.normalizer.audit.AuditLog.Action;
import dev.normalizer.audit.AuditLog.Chain;
import dev.normalizer.auth.Caller;
import dev.normalizer.common.ProblemException;
import dev.normalizer.common.References;
import dev.normalizer.customer.model.Customer;
import dev.normalizer.customer.model.CustomerOrder;
import dev.normalizer.customer.model.Reservation;
import dev.normalizer.reads.Reads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Orders and reservations. Reads go through the dual read ({@link Reads}); a write is read back through the request's
 * path. The database keeps the legacy {@code user_id} equal to {@code customer_id} while that column exists, and sets
 * an order's company from its customer. The tenant is the caller's.
 */
@ApplicationScoped
public class OrderService {

    private final Reads reads;
    private final AuditLog audit;
    private final Caller caller;

    public OrderService(Reads reads, AuditLog audit, Caller caller) {
        this.reads = reads;
        this.audit = audit;
        this.caller = caller;
    }

    public Optional<OrderRecord> findOrder(long id) {
        return reads.find(OrderRecord.KIND, id);
    }

    public Optional<ReservationRecord> findReservation(long id) {
        return reads.find(ReservationRecord.KIND, id);
    }

    @Transactional
    public OrderRecord placeOrder(OrderRequest request) {
        int tenantId = caller.tenantId();
        Customer customer = customerOfTenant(tenantId, request.customerId());
        if (request.clinicId() != null && !References.clinicOfTenant(tenantId, request.clinicId())) {
            throw ProblemException.invalid("clinicId", "is not a clinic of this tenant");
        }
        CustomerOrder order = new CustomerOrder();
        order.tenantId = tenantId;
        order.customerId = customer.id;
        order.clinicId = request.clinicId();
        order.totalCents = request.totalCents();
        order.currency = request.currency();
        order.status = "placed";
        order.placedAt = CustomerService.now();
        order.persist();
        audit.record(Chain.ORDER, Action.CREATE, order.id);
        return reads.readBack(OrderRecord.KIND, order.id);
    }

    @Transactional
    public ReservationRecord bookReservation(ReservationRequest request) {
        int tenantId = caller.tenantId();
        Customer customer = customerOfTenant(tenantId, request.customerId());
        if (!References.clinicOfTenant(tenantId, request.clinicId())) {
            throw ProblemException.invalid("clinicId", "is not a clinic of this tenant");
        }
        Reservation reservation = new Reservation();
        reservation.tenantId = tenantId;
        reservation.customerId = customer.id;
        reservation.clinicId = request.clinicId();
        reservation.startsAt = request.startsAt();
        reservation.durationMin = request.durationMin() == null ? 30 : request.durationMin();
        reservation.partySize = request.partySize() == null ? 1 : request.partySize();
        reservation.notes = request.notes();
        reservation.status = Reservation.BOOKED;
        reservation.createdAt = CustomerService.now();
        reservation.persist();
        audit.record(Chain.RESERVATION, Action.CREATE, reservation.id);
        return reads.readBack(ReservationRecord.KIND, reservation.id);
    }

    /** Cancels a booked reservation; a reservation that is no longer booked is a 409. */
    @Transactional
    public Optional<ReservationRecord> cancelReservation(long id) {
        Optional<Reservation> reservation = Reservation.<Reservation>find("tenantId = ?1 and id = ?2",
                caller.tenantId(), id).firstResultOptional();
        reservation.ifPresent(r -> {
            if (!Reservation.BOOKED.equals(r.status)) {
                throw ProblemException.conflict("Reservation " + id + " is " + r.status + " and cannot be cancelled");
            }
            r.status = Reservation.CANCELLED;
            audit.record(Chain.RESERVATION, Action.UPDATE, id);
        });
        return reservation.map(r -> reads.readBack(ReservationRecord.KIND, id));
    }

    private static Customer customerOfTenant(int tenantId, long customerId) {
        return Customer.<Customer>find("tenantId = ?1 and id = ?2", tenantId, customerId).firstResultOptional()
                .orElseThrow(() -> ProblemException.invalid("customerId", "is not a customer of this tenant"));
    }
}
