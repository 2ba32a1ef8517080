package dev.mainspring.inference.api.modelops;

import dev.mainspring.inference.service.modelops.ModelCheckService;
import dev.mainspring.inference.service.modelops.ModelService;
import dev.mainspring.inference.service.modelops.ModelTestInput;
import dev.mainspring.inference.service.modelops.ModelUsageView;
import dev.mainspring.inference.service.modelops.ModelView;
import dev.mainspring.inference.service.modelops.NewModel;
import dev.mainspring.inference.service.modelops.TestRunView;
import dev.mainspring.inference.service.modelops.TestRuntimeView;
import dev.mainspring.inference.service.modelops.ValidationView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * ModelOps managed models (document C), superadmins only: the catalog, the lifecycle ({@code
 * register}, {@code activate}, {@code deactivate}, {@code unregister}), validation and tests
 * against the model's provider, and what the gateway served with each model.
 */
@Path("v1/modelops/models")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ModelOpsModelResource {

  @Inject ModelService models;
  @Inject ModelCheckService checks;

  /** The managed models. */
  public record ModelList(List<ModelView> models) {}

  /** A model's validations, newest first. */
  public record ValidationList(List<ValidationView> validations) {}

  /** A model's tests, newest first. */
  public record TestList(List<TestRunView> tests) {}

  /** The providers that could run a model's test. */
  public record RuntimeList(List<TestRuntimeView> runtimes) {}

  @GET
  public ModelList list(
      @QueryParam("capability") String capability, @QueryParam("status") String status) {
    return new ModelList(models.list(capability, status));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid NewModel body) {
    return Response.status(Response.Status.CREATED).entity(models.create(body)).build();
  }

  @GET
  @Path("{id}")
  public ModelView get(@PathParam("id") UUID id) {
    return models.get(id);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") UUID id) {
    models.delete(id);
    return Response.noContent().build();
  }

  @POST
  @Path("{id}/register")
  public ModelView register(@PathParam("id") UUID id) {
    return models.register(id);
  }

  @POST
  @Path("{id}/activate")
  public ModelView activate(@PathParam("id") UUID id) {
    return models.activate(id);
  }

  @POST
  @Path("{id}/deactivate")
  public ModelView deactivate(@PathParam("id") UUID id) {
    return models.deactivate(id);
  }

  @POST
  @Path("{id}/unregister")
  public ModelView unregister(@PathParam("id") UUID id) {
    return models.unregister(id);
  }

  @POST
  @Path("{id}/validate")
  public ValidationView validate(@PathParam("id") UUID id) {
    return checks.validate(id);
  }

  @GET
  @Path("{id}/validations")
  public ValidationList validations(@PathParam("id") UUID id) {
    return new ValidationList(checks.validations(id));
  }

  /** Runs a test; the body ({@code {"input"}}) may be left out. */
  @POST
  @Path("{id}/test")
  @Consumes(MediaType.APPLICATION_JSON)
  public TestRunView test(@PathParam("id") UUID id, @Valid ModelTestInput body) {
    return checks.test(id, body);
  }

  @GET
  @Path("{id}/tests")
  public TestList tests(@PathParam("id") UUID id) {
    return new TestList(checks.tests(id));
  }

  @GET
  @Path("{id}/test-runtimes")
  public RuntimeList testRuntimes(@PathParam("id") UUID id) {
    return new RuntimeList(checks.testRuntimes(id));
  }

  @GET
  @Path("{id}/usage")
  public ModelUsageView usage(@PathParam("id") UUID id) {
    return models.usage(id);
  }
}
