package dev.normalizer.customer;

import dev.normalizer.audit.AuditLog;
import dev.normalizer.audit.AuditLog.Action;
import dev.normalizer.audit.AuditLog.Chain;
import dev.normalizer.common.ProblemException;
import dev.normalizer.common.ReadBack;
import dev.normalizer.common.References;
import dev.normalizer.customer.model.Customer;
import dev.normalizer.customer.model.CustomerOrder;
import dev.normalizer.customer.model.Reservation;
import dev.normalizer.customer.read.CustomerReader;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.shadow.ShadowReads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Orders and reservations. The database keeps the legacy {@code user_id} equal to {@code customer_id} while that
 * column exists, and sets an order's company from its customer.
 */
@ApplicationScoped
public class OrderService {

    private final CustomerService customers;
    private final AuditLog audit;
    private final ShadowReads shadow;

    public OrderService(CustomerService customers, AuditLog audit, ShadowReads shadow) {
        this.customers = customers;
        this.audit = audit;
        this.shadow = shadow;
    }

    @Transactional
    public Optional<OrderRecord> findOrder(ReadPath path, int tenantId, long id) {
        Optional<OrderRecord> order = customers.reader(path).findOrder(tenantId, id);
        CustomerReader normalized = customers.reader(ReadPath.NORMALIZED);
        shadow.compare("order", tenantId, order, () -> normalized.findOrder(tenantId, id));
        return audit.recordRead(Chain.ORDER, id, order);
    }

    @Transactional
    public OrderRecord placeOrder(ReadPath path, int tenantId, OrderRequest request) {
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
        ReadBack.flushAndClear();
        audit.record(Chain.ORDER, Action.CREATE, order.id);
        return customers.reader(path).findOrder(tenantId, order.id).orElseThrow();
    }

    @Transactional
    public Optional<ReservationRecord> findReservation(ReadPath path, int tenantId, long id) {
        Optional<ReservationRecord> reservation = customers.reader(path).findReservation(tenantId, id);
        CustomerReader normalized = customers.reader(ReadPath.NORMALIZED);
        shadow.compare("reservation", tenantId, reservation, () -> normalized.findReservation(tenantId, id));
        return audit.recordRead(Chain.RESERVATION, id, reservation);
    }

    @Transactional
    public ReservationRecord bookReservation(ReadPath path, int tenantId, ReservationRequest request) {
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
        ReadBack.flushAndClear();
        audit.record(Chain.RESERVATION, Action.CREATE, reservation.id);
        return customers.reader(path).findReservation(tenantId, reservation.id).orElseThrow();
    }

    /** Cancels a booked reservation; a reservation that is no longer booked is a 409. */
    @Transactional
    public Optional<ReservationRecord> cancelReservation(ReadPath path, int tenantId, long id) {
        Optional<Reservation> reservation = Reservation.<Reservation>find("tenantId = ?1 and id = ?2", tenantId, id)
                .firstResultOptional();
        reservation.ifPresent(r -> {
            if (!Reservation.BOOKED.equals(r.status)) {
                throw ProblemException.conflict("Reservation " + id + " is " + r.status + " and cannot be cancelled");
            }
            r.status = Reservation.CANCELLED;
            ReadBack.flushAndClear();
            audit.record(Chain.RESERVATION, Action.UPDATE, id);
        });
        return reservation.flatMap(r -> customers.reader(path).findReservation(tenantId, id));
    }

    private static Customer customerOfTenant(int tenantId, long customerId) {
        return Customer.<Customer>find("tenantId = ?1 and id = ?2", tenantId, customerId).firstResultOptional()
                .orElseThrow(() -> ProblemException.invalid("customerId", "is not a customer of this tenant"));
    }
}
